using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class JourneysEvidenceIdentityChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SessionHash",
                table: "share_grants",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TakenAtWindowBy",
                table: "objections",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestKey",
                table: "issued_reports",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CoverageChangedAt",
                table: "domains",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CoverageChangedBy",
                table: "domains",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CoverageReason",
                table: "domains",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "identity_checks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Document = table.Column<int>(type: "INTEGER", nullable: false),
                    MaskedNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CheckedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CheckedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_checks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_identity_checks_subjects_SubjectId",
                        column: x => x.SubjectId,
                        principalTable: "subjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "repair_attachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_repair_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_repair_attachments_repair_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "repair_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_issued_reports_RequestKey",
                table: "issued_reports",
                column: "RequestKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_identity_checks_SubjectId_CheckedAt",
                table: "identity_checks",
                columns: new[] { "SubjectId", "CheckedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_repair_attachments_ApplicationId",
                table: "repair_attachments",
                column: "ApplicationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "identity_checks");

            migrationBuilder.DropTable(
                name: "repair_attachments");

            migrationBuilder.DropIndex(
                name: "IX_issued_reports_RequestKey",
                table: "issued_reports");

            migrationBuilder.DropColumn(
                name: "SessionHash",
                table: "share_grants");

            migrationBuilder.DropColumn(
                name: "TakenAtWindowBy",
                table: "objections");

            migrationBuilder.DropColumn(
                name: "RequestKey",
                table: "issued_reports");

            migrationBuilder.DropColumn(
                name: "CoverageChangedAt",
                table: "domains");

            migrationBuilder.DropColumn(
                name: "CoverageChangedBy",
                table: "domains");

            migrationBuilder.DropColumn(
                name: "CoverageReason",
                table: "domains");
        }
    }
}
