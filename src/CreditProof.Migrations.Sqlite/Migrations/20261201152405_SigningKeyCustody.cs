using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SigningKeyCustody : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Custody",
                table: "signing_keys",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Custody",
                table: "signing_keys");
        }
    }
}
