#!/usr/bin/env bash
# Load test of online verification by QR payload, side by side with a bare ASP.NET Core endpoint, same run, same
# load generator (wrk from Debian). Usage: bench/load/verify-load.sh [seconds=20] [connections=64] [reports=200]
# Prints a markdown table for docs/performance.md.
# VERIFY_POSTGRES="Host=…;Port=…;Username=…;Database=cp_province" runs the host on that existing PostgreSQL database
# (e.g. the province-scale one made by `CreditProof.Benchmarks province`, keys under the benchmarks' public test KEK)
# instead of a fresh SQLite demo; the reports to verify are issued for subjects drawn from its register.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-20}
connections=${2:-64}
reports=${3:-200}
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build -c Release -v q -nologo src/CreditProof.Web >/dev/null
dotnet build -c Release -v q -nologo src/CreditProof.Cli >/dev/null
dotnet build -c Release -v q -nologo bench/CreditProof.BareEndpoint >/dev/null

work=$(mktemp -d)
web_port=$((20000 + RANDOM % 20000)); bare_port=$((web_port + 1))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "$1" >&2; tail -30 "$work/web.log" >&2; exit 1; }

key_line=$(dotnet src/CreditProof.Cli/bin/Release/net10.0/creditproof.dll keys operator-api-key)
api_key=$(echo "$key_line" | awk '/^key:/ {print $2}')
api_hash=$(echo "$key_line" | awk '/^hash:/ {print $2}')

if [ -n "${VERIFY_POSTGRES:-}" ]; then
  database=(Database__Provider=postgres "ConnectionStrings__CreditProof=$VERIFY_POSTGRES"
    "CreditProof__KeyEncryptionKey=$(python3 -c 'import base64; print(base64.b64encode(bytes(range(1, 33))).decode())')")
else
  database=(CreditProof__Demo=true CreditProof__DemoSubjects=2000)
fi
env "${database[@]}" CreditProof__DataDirectory="$work" ASPNETCORE_ENVIRONMENT=Production \
CreditProof__PublicBaseUrl="http://127.0.0.1:$web_port" CreditProof__OperatorApiKeyHash="$api_hash" Logging__LogLevel__Default=Warning \
  dotnet src/CreditProof.Web/bin/Release/net10.0/CreditProof.Web.dll --urls "http://127.0.0.1:$web_port" --contentRoot "$root/src/CreditProof.Web" >"$work/web.log" 2>&1 &
pids+=($!)
ASPNETCORE_URLS="http://127.0.0.1:$bare_port" Logging__LogLevel__Default=Warning \
  dotnet bench/CreditProof.BareEndpoint/bin/Release/net10.0/CreditProof.BareEndpoint.dll >"$work/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$web_port/healthz" >/dev/null && curl -fs "http://127.0.0.1:$bare_port/ping" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$web_port/healthz" >/dev/null || fail "the web host did not start"

# Issue reports for distinct demo subjects through the API and keep their QR texts.
if [ -n "${VERIFY_POSTGRES:-}" ]; then
  # Active organisations drawn across the register (the codes only: natural persons' numbers are not stored in clear).
  psql "$(python3 -c 'import sys; print(" ".join(p.replace("Host=","host=").replace("Port=","port=").replace("Username=","user=").replace("Database=","dbname=") for p in sys.argv[1].split(";") if p))' "$VERIFY_POSTGRES")" -Atc \
    "SELECT \"Code\" FROM subjects TABLESAMPLE SYSTEM (1) REPEATABLE (11) WHERE \"Type\" <> 9 AND (\"RegisterStatus\" IS NULL OR \"RegisterStatus\" = 1) LIMIT $reports" >"$work/codes.txt"
else
  python3 -c 'import sqlite3, sys, glob; print("\n".join(r[0] for r in sqlite3.connect(glob.glob(sys.argv[1] + "/*.db")[0]).execute("SELECT Code FROM subjects ORDER BY Code LIMIT ?", (int(sys.argv[2]),))))' "$work" "$reports" >"$work/codes.txt"
fi
python3 - "$work" "$web_port" "$api_key" "$reports" <<'PY'
import json, sys, urllib.request, urllib.parse, urllib.error
work, port, key, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
codes = [c.strip() for c in open(f"{work}/codes.txt") if c.strip()]
paths = []
for code in codes:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/reports", data=json.dumps({"subject": code}).encode(),
                                 headers={"Content-Type": "application/json", "X-Api-Key": key})
    try:
        qr = json.load(urllib.request.urlopen(req))["qrText"]
    except urllib.error.HTTPError as e:  # a refusal by the request rules (e.g. deregistered): skip that subject
        print(f"{code}: {e.code}", file=sys.stderr)
        continue
    paths.append("/api/v1/verify?qr=" + urllib.parse.quote(qr, safe=""))
with open(f"{work}/verify.lua", "w") as f:
    f.write("local paths = {\n" + ",\n".join(json.dumps(p) for p in paths) + "\n}\nlocal i = 0\n")
    f.write("request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n")
print(f"{len(paths)} reports issued; QR text {len(qr)} characters", file=sys.stderr)
PY

run() { wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@"; }
# Warm-up: JIT, first SM2 verification of each payload (remembered afterwards), connection pools.
wrk -t2 -c"$connections" -d5s -s "$work/verify.lua" "http://127.0.0.1:$web_port" >/dev/null
wrk -t2 -c"$connections" -d5s "http://127.0.0.1:$bare_port/ping" >/dev/null
load_before=$(cut -d' ' -f1 /proc/loadavg)
verify=$(run -s "$work/verify.lua" "http://127.0.0.1:$web_port")
bare=$(run "http://127.0.0.1:$bare_port/ping")
rps() { echo "$1" | awk '/Requests\/sec/ {print $2}'; }
p() { echo "$1" | awk -v q="$2" '$1 == q {print $2}'; }
errors() { echo "$1" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' '; }
v=$(rps "$verify"); b=$(rps "$bare")
echo
echo "| endpoint ($(date -u +%F), wrk -t2 -c$connections -d${seconds}s, load avg at start $load_before) | requests/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|"
echo "| GET /api/v1/verify?qr=… ($reports distinct reports, round robin) | $v | $(p "$verify" 50%) | $(p "$verify" 99%) | $(errors "$verify") |"
echo "| bare ASP.NET Core GET /ping (small JSON) | $b | $(p "$bare" 50%) | $(p "$bare" 99%) | $(errors "$bare") |"
python3 -c "print(f'| ratio verify / bare | {float(\"$v\")/float(\"$b\"):.0%} | | | |')"
