#!/usr/bin/env bash
# Makes sure pdftoppm (Debian package poppler-utils) is there, for `npm run invoice-sample`.
# Installs it with apt-get when missing and running as root; otherwise says what to install.
set -euo pipefail

if command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-pdftoppm: pdftoppm is missing; install it as root: apt-get install poppler-utils" >&2
  exit 1
fi
echo "install-pdftoppm: installing poppler-utils with apt-get" >&2
apt-get install -y -qq poppler-utils || { apt-get update -qq && apt-get install -y -qq poppler-utils; }
