using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RelyingParties : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RelyingPartyId",
                table: "staff_accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "relying_parties",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestsPerMinute = table.Column<int>(type: "INTEGER", nullable: false),
                    WebhookUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    WebhookSecret = table.Column<byte[]>(type: "BLOB", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DisabledAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_parties", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "relying_party_api_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RelyingPartyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_party_api_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_relying_party_api_keys_relying_parties_RelyingPartyId",
                        column: x => x.RelyingPartyId,
                        principalTable: "relying_parties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "relying_party_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RelyingPartyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequirementId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NotifyOnChange = table.Column<bool>(type: "INTEGER", nullable: false),
                    ShowChanges = table.Column<bool>(type: "INTEGER", nullable: false),
                    KnownStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_party_grants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_relying_party_grants_issued_reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "issued_reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_relying_party_grants_relying_parties_RelyingPartyId",
                        column: x => x.RelyingPartyId,
                        principalTable: "relying_parties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "relying_party_verifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RelyingPartyId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Method = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_party_verifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_relying_party_verifications_relying_parties_RelyingPartyId",
                        column: x => x.RelyingPartyId,
                        principalTable: "relying_parties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "report_requirements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RelyingPartyId = table.Column<int>(type: "INTEGER", nullable: false),
                    DomainCodes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PeriodTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ValidDays = table.Column<int>(type: "INTEGER", nullable: false),
                    AsksChangeNotices = table.Column<bool>(type: "INTEGER", nullable: false),
                    SubjectCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FulfilledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_requirements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_report_requirements_relying_parties_RelyingPartyId",
                        column: x => x.RelyingPartyId,
                        principalTable: "relying_parties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "explanation_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RelyingPartyId = table.Column<int>(type: "INTEGER", nullable: false),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AskedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AskedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EscalatedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_explanation_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_explanation_requests_relying_party_grants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "relying_party_grants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "relying_party_change_notices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RelyingPartyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FromStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    ToStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_party_change_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_relying_party_change_notices_relying_party_grants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "relying_party_grants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "relying_party_webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RelyingPartyId = table.Column<int>(type: "INTEGER", nullable: false),
                    NoticeId = table.Column<long>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_party_webhook_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_relying_party_webhook_deliveries_relying_party_change_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "relying_party_change_notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "relying_party_webhook_attempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_party_webhook_attempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_relying_party_webhook_attempts_relying_party_webhook_deliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "relying_party_webhook_deliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_explanation_requests_GrantId",
                table: "explanation_requests",
                column: "GrantId");

            migrationBuilder.CreateIndex(
                name: "IX_explanation_requests_RelyingPartyId",
                table: "explanation_requests",
                column: "RelyingPartyId");

            migrationBuilder.CreateIndex(
                name: "IX_explanation_requests_SubjectId",
                table: "explanation_requests",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_explanation_requests_UnitId_Status",
                table: "explanation_requests",
                columns: new[] { "UnitId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_relying_parties_CreditCode",
                table: "relying_parties",
                column: "CreditCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_api_keys_Hash",
                table: "relying_party_api_keys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_api_keys_RelyingPartyId",
                table: "relying_party_api_keys",
                column: "RelyingPartyId");

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_change_notices_GrantId",
                table: "relying_party_change_notices",
                column: "GrantId");

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_change_notices_RelyingPartyId_At",
                table: "relying_party_change_notices",
                columns: new[] { "RelyingPartyId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_grants_RelyingPartyId_ReportNumber",
                table: "relying_party_grants",
                columns: new[] { "RelyingPartyId", "ReportNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_grants_ReportId",
                table: "relying_party_grants",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_grants_SubjectId",
                table: "relying_party_grants",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_verifications_RelyingPartyId_At",
                table: "relying_party_verifications",
                columns: new[] { "RelyingPartyId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_webhook_attempts_DeliveryId",
                table: "relying_party_webhook_attempts",
                column: "DeliveryId");

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_webhook_deliveries_NoticeId",
                table: "relying_party_webhook_deliveries",
                column: "NoticeId");

            migrationBuilder.CreateIndex(
                name: "IX_relying_party_webhook_deliveries_State_NextAttemptAt",
                table: "relying_party_webhook_deliveries",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_report_requirements_RelyingPartyId",
                table: "report_requirements",
                column: "RelyingPartyId");

            migrationBuilder.CreateIndex(
                name: "IX_report_requirements_Token",
                table: "report_requirements",
                column: "Token",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "explanation_requests");

            migrationBuilder.DropTable(
                name: "relying_party_api_keys");

            migrationBuilder.DropTable(
                name: "relying_party_verifications");

            migrationBuilder.DropTable(
                name: "relying_party_webhook_attempts");

            migrationBuilder.DropTable(
                name: "report_requirements");

            migrationBuilder.DropTable(
                name: "relying_party_webhook_deliveries");

            migrationBuilder.DropTable(
                name: "relying_party_change_notices");

            migrationBuilder.DropTable(
                name: "relying_party_grants");

            migrationBuilder.DropTable(
                name: "relying_parties");

            migrationBuilder.DropColumn(
                name: "RelyingPartyId",
                table: "staff_accounts");
        }
    }
}
