#!/usr/bin/env bash
# Install what `scrnews audit` and its tests need on Debian/Ubuntu:
# Chromium (browser checks), Java 17+ and vnu.jar (HTML validity), pdftotext (PDF reading order).
# Idempotent: installs only what is missing. Python packages (playwright, pikepdf)
# come from the project's `audit` extra, not from here.
set -euo pipefail

# Keep in step with package.json (tests/audit/test_audit_vendor.py checks this).
VNU_JAR_VERSION="26.9.27"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/node_modules/vnu-jar/build/dist/vnu.jar"
SUDO=""
if [[ $EUID -ne 0 ]]; then SUDO="sudo"; fi

apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then
    $SUDO apt-get update -q
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$@"
}

have_chromium() {
  [[ -n "${SCRNEWS_CHROMIUM:-}" && -x "${SCRNEWS_CHROMIUM}" ]] && return 0
  [[ -x /usr/bin/chromium ]] && return 0
  local name
  for name in chromium chromium-browser google-chrome; do
    command -v "$name" >/dev/null 2>&1 && return 0
  done
  return 1
}

java_major() {
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

jar_version() {
  local manifest="$ROOT/node_modules/vnu-jar/package.json"
  [[ -f "$JAR" && -f "$manifest" ]] || return 0
  sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$manifest" | head -n 1
}

if have_chromium; then
  echo "chromium: present"
else
  echo "chromium: installing"
  apt_install chromium
fi

if [[ "$(java_major)" -ge 17 ]]; then
  echo "java: present ($(java_major))"
else
  echo "java: installing default-jre-headless"
  apt_install default-jre-headless
fi

if command -v pdftotext >/dev/null 2>&1; then
  echo "pdftotext: present"
else
  echo "pdftotext: installing poppler-utils"
  apt_install poppler-utils
fi

if [[ "$(jar_version)" == "$VNU_JAR_VERSION" ]]; then
  echo "vnu.jar: present ($VNU_JAR_VERSION)"
else
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm: installing"
    apt_install npm
  fi
  echo "vnu.jar: installing vnu-jar@$VNU_JAR_VERSION"
  # --ignore-scripts: the package's postinstall would try to download a Java runtime.
  if [[ -f "$ROOT/package-lock.json" ]]; then
    (cd "$ROOT" && npm ci --ignore-scripts --silent --no-audit --no-fund)
  else
    npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$ROOT" \
      "vnu-jar@$VNU_JAR_VERSION"
  fi
fi
