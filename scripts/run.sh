#!/usr/bin/env bash
# Runs CreditProof: the web portal on http://127.0.0.1:5000 (or $URLS) with the embedded SQLite database in ./data,
# migrated and filled with demo data on first start. No external service is needed. Production mode: friendly error
# pages, no stack traces (ASPNETCORE_ENVIRONMENT=Development for those). QR codes and share links point at the address
# it listens on unless CreditProof__PublicBaseUrl says otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
"$root/scripts/install-prerequisites.sh" run
export CreditProof__DataDirectory="${CreditProof__DataDirectory:-$root/data}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
urls="${URLS:-http://127.0.0.1:5000}"
echo "CreditProof: $urls  (data in $CreditProof__DataDirectory)"
# No launch profile: its environment variables would put the host back into Development.
exec dotnet run --project src/CreditProof.Web -c Release --no-launch-profile -- --urls "$urls" "$@"
