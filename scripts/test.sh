#!/usr/bin/env bash
# Runs every test: the whole suite on the embedded SQLite database, then the database tests again on a real
# PostgreSQL (a throwaway cluster on loopback). Installs what the tests need when it is missing.
# Ends with one line: "N passed, N failed[, N skipped]". Exit code 0 only when nothing failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

"$root/scripts/install-prerequisites.sh" test || { echo "prerequisites could not be installed"; echo "0 passed, 1 failed"; exit 1; }

echo "== build"
if ! dotnet build CreditProof.slnx -c Debug -nologo -v q; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

status=0
echo "== tests on SQLite"
# The cluster tests (two web nodes behind HAProxy; the failover drill with a primary and a pg_basebackup standby of its
# own) need PostgreSQL: they run in the second phase.
dotnet test CreditProof.slnx --no-build -c Debug --filter "Category!=Cluster" --logger "trx;LogFilePrefix=sqlite" --results-directory "$results" || status=1

echo "== database tests, the two-node cluster and the failover drill on PostgreSQL"
pgdir=$(mktemp -d /tmp/creditproof-pg.XXXXXX)
port=$(( 56000 + $$ % 1000 ))
if connection=$("$root/scripts/postgres-cluster.sh" start "$pgdir" "$port"); then
  CREDITPROOF_TEST_PROVIDER=postgres CREDITPROOF_TEST_POSTGRES="$connection" \
    dotnet test CreditProof.slnx --no-build -c Debug --filter "Category=Database|Category=Cluster" \
      --logger "trx;LogFilePrefix=postgres" --results-directory "$results" || status=1
  "$root/scripts/postgres-cluster.sh" stop "$pgdir" || true
else
  echo "PostgreSQL could not be started"; status=1
fi
rm -rf "$pgdir"

# Sum the counters of every TRX file (dotnet test prints no line that CI reads).
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$(( passed + $(value passed) ))
  failed=$(( failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted) ))
  skipped=$(( skipped + $(value notExecuted) ))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
