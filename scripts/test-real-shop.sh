#!/usr/bin/env bash
# The real-store suite: each file of test/real-shop in its own mocha process, hence on its own
# fresh store (about 10 s to stand up). The files change store-wide state (plugin settings,
# webhooks, e-mail settings, the catalog) that must not leak from one to the next.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
for file in test/real-shop/*.test.ts; do
  started=$SECONDS
  npx mocha --timeout 900000 "$file" || failed+=("$file")
  echo "real-store suite: $file took $((SECONDS - started)) s"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "real-store suite: failed in ${failed[*]}" >&2
  exit 1
fi
