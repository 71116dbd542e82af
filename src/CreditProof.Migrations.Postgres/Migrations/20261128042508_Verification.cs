using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Verification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "issued_reports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "StatusChangedAt",
                table: "issued_reports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StatusIndex",
                table: "issued_reports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "issued_reports",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "imported_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Algorithm = table.Column<int>(type: "integer", nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", maxLength: 65, nullable: false),
                    Issuer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Platform = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imported_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "report_access_log",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Client = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_access_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sequences",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Next = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sequences", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "share_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RelyingParty = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SingleUse = table.Column<bool>(type: "boolean", nullable: false),
                    FirstUsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UseCount = table.Column<int>(type: "integer", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_share_grants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_share_grants_issued_reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "issued_reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Reports issued before status lists existed get distinct indexes (their QR codes carry none), and the
            // counter continues after them.
            migrationBuilder.Sql(""" UPDATE issued_reports SET "StatusIndex" = (SELECT COUNT(*) FROM issued_reports AS earlier WHERE earlier."Id" < issued_reports."Id") """);
            migrationBuilder.Sql(""" INSERT INTO sequences ("Name", "Next") SELECT 'status-list', COUNT(*) FROM issued_reports """);

            migrationBuilder.CreateIndex(
                name: "IX_issued_reports_StatusChangedAt",
                table: "issued_reports",
                column: "StatusChangedAt");

            migrationBuilder.CreateIndex(
                name: "IX_issued_reports_StatusIndex",
                table: "issued_reports",
                column: "StatusIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_imported_keys_Issuer",
                table: "imported_keys",
                column: "Issuer");

            migrationBuilder.CreateIndex(
                name: "IX_report_access_log_ReportNumber_At",
                table: "report_access_log",
                columns: new[] { "ReportNumber", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_share_grants_CodeHash",
                table: "share_grants",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_share_grants_ReportId",
                table: "share_grants",
                column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "imported_keys");

            migrationBuilder.DropTable(
                name: "report_access_log");

            migrationBuilder.DropTable(
                name: "sequences");

            migrationBuilder.DropTable(
                name: "share_grants");

            migrationBuilder.DropIndex(
                name: "IX_issued_reports_StatusChangedAt",
                table: "issued_reports");

            migrationBuilder.DropIndex(
                name: "IX_issued_reports_StatusIndex",
                table: "issued_reports");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "issued_reports");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "issued_reports");

            migrationBuilder.DropColumn(
                name: "StatusIndex",
                table: "issued_reports");

            migrationBuilder.DropColumn(
                name: "StatusReason",
                table: "issued_reports");
        }
    }
}
