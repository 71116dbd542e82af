#!/usr/bin/env bash
# Installs the Debian packages CreditProof needs, only those that are missing.
#   install-prerequisites.sh run    what the web portal needs (the CJK font for reports and its fallback for rare characters)
#   install-prerequisites.sh test   that, plus what the tests need (PostgreSQL, poppler, qpdf, MuPDF, NSS tools, zbar, Chromium, SoftHSM2, HAProxy)
set -euo pipefail
mode=${1:-run}
packages=(fonts-wqy-microhei fonts-hanazono)
if [ "$mode" = test ]; then
  packages+=(postgresql poppler-utils qpdf mupdf-tools libnss3-tools zbar-tools chromium softhsm2 haproxy)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
