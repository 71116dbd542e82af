using CreditProof.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace CreditProof.Migrations.Postgres;

/// <summary>Used by <c>dotnet ef</c> only (scripts/add-migration.sh); no server is contacted to add a migration.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CreditProofDbContext>
{
    public CreditProofDbContext CreateDbContext(string[] args) =>
        CreditProofDatabase.CreateContext(new DatabaseSettings { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=127.0.0.1;Database=creditproof_design" });
}
