#!/usr/bin/env bash
# Runs CreditProof: the web portal on http://127.0.0.1:5000 with the embedded SQLite database in ./data,
# migrated and filled with demo data on first start. No external service is needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
"$root/scripts/install-prerequisites.sh" run
export CreditProof__DataDirectory="${CreditProof__DataDirectory:-$root/data}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
echo "CreditProof: http://127.0.0.1:5000  (data in $CreditProof__DataDirectory)"
exec dotnet run --project src/CreditProof.Web -c Release --launch-profile CreditProof.Web -- --urls "${URLS:-http://127.0.0.1:5000}" "$@"
