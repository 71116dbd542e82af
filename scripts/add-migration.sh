#!/usr/bin/env bash
# Adds a migration with the same name for every database provider (SQLite and PostgreSQL).
# Usage: scripts/add-migration.sh NameOfMigration
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NameOfMigration}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project=src/CreditProof.Migrations.$provider
  echo "== $provider"
  dotnet build "$project" -v q -nologo >/dev/null
  dotnet dotnet-ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
