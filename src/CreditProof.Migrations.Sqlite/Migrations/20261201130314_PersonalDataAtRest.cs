using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataAtRest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "IdNumberCiphertext",
                table: "subjects",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MaskedCode",
                table: "subjects",
                type: "TEXT",
                maxLength: 18,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "personal_data_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RewrappedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_personal_data_keys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_personal_data_keys_Purpose",
                table: "personal_data_keys",
                column: "Purpose",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "personal_data_keys");

            migrationBuilder.DropColumn(
                name: "IdNumberCiphertext",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "MaskedCode",
                table: "subjects");
        }
    }
}
