using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DataCompletenessIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_import_batches_CompletedAt",
                table: "import_batches",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_import_batches_UnitId_CompletedAt",
                table: "import_batches",
                columns: new[] { "UnitId", "CompletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_import_batches_CompletedAt",
                table: "import_batches");

            migrationBuilder.DropIndex(
                name: "IX_import_batches_UnitId_CompletedAt",
                table: "import_batches");
        }
    }
}
