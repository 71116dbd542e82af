using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CreditProof.Migrations.Postgres.Migrations
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TakenAtWindowBy",
                table: "objections",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestKey",
                table: "issued_reports",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CoverageChangedAt",
                table: "domains",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CoverageChangedBy",
                table: "domains",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CoverageReason",
                table: "domains",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "identity_checks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Document = table.Column<int>(type: "integer", nullable: false),
                    MaskedNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HolderName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CheckedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CheckedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
