#!/usr/bin/env bash
# Installs Chromium from Debian's packages for `npm run screenshots` (headless screenshots of the
# Temporal UI). Only Debian's package: no browser download of Puppeteer's or Playwright's own.
# Idempotent: does nothing when a chromium binary is already on the PATH.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: run as root, or install Debian's package yourself: apt-get install chromium" >&2
  exit 1
fi
echo "install-chromium: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
chromium --version >&2
