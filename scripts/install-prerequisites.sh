#!/usr/bin/env bash
# Installs the Debian packages CreditProof needs, only those that are missing.
#   install-prerequisites.sh run    what the web portal needs (the CJK font for reports and its fallback for rare characters)
#   install-prerequisites.sh test   that, plus what the tests need (PostgreSQL, poppler, qpdf, MuPDF, NSS tools, zbar, Chromium,
#                                   SoftHSM2, HAProxy, npm) and axe-core, the accessibility checker the browser tests run
#   install-prerequisites.sh axe    axe-core only (the browser test fixture calls this when it is missing)
# axe-core (MPL-2.0) is a test tool: npm installs it into artifacts/tools, outside the repository and the product.
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "$0")/.." && pwd)
axe_version=4.14.1
axe_dir="$root/artifacts/tools"

install_axe() {
  if [ -f "$axe_dir/node_modules/axe-core/axe.min.js" ] && grep -q "\"version\": \"$axe_version\"" "$axe_dir/node_modules/axe-core/package.json"; then
    return 0
  fi
  echo "installing: axe-core $axe_version (npm, into $axe_dir)"
  mkdir -p "$axe_dir"
  npm install --prefix "$axe_dir" --no-audit --no-fund --no-save --loglevel=error "axe-core@$axe_version" >/dev/null
}

if [ "$mode" = axe ]; then
  install_axe
  exit 0
fi

packages=(fonts-wqy-microhei fonts-hanazono)
if [ "$mode" = test ]; then
  packages+=(postgresql poppler-utils qpdf mupdf-tools libnss3-tools zbar-tools chromium softhsm2 haproxy)
  # Node.js may come from elsewhere (nodesource bundles npm); Debian's npm only when there is none.
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$mode" = test ]; then
  install_axe
fi
