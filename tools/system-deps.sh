#!/usr/bin/env bash
# Install the Debian/Ubuntu packages scrnews and its tests need, only those missing.
# Usage: tools/system-deps.sh [--test]   (--test adds chromium and poppler-utils for the test suite)
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  have "$pkg" || need+=("$pkg")
done
if [ "${1:-}" = "--test" ]; then
  for pkg in chromium poppler-utils default-jre-headless; do
    case "$pkg" in
      default-jre-headless) command -v java >/dev/null 2>&1 || need+=("$pkg") ;;
      *) have "$pkg" || need+=("$pkg") ;;
    esac
  done
fi
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these system packages with your package manager: ${need[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing system packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
