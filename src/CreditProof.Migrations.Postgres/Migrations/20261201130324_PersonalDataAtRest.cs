using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CreditProof.Migrations.Postgres.Migrations
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
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MaskedCode",
                table: "subjects",
                type: "character varying(18)",
                maxLength: 18,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "personal_data_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Purpose = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    WrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RewrappedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
