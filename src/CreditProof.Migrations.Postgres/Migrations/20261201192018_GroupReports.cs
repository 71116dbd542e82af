using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class GroupReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "group_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentSubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentReportNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DomainCodes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_group_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "group_members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    GroupRequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Relation = table.Column<int>(type: "integer", nullable: false),
                    ConsentedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeclinedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReportNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_group_members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_group_members_group_requests_GroupRequestId",
                        column: x => x.GroupRequestId,
                        principalTable: "group_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_group_members_GroupRequestId_SubjectId",
                table: "group_members",
                columns: new[] { "GroupRequestId", "SubjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_group_members_SubjectId",
                table: "group_members",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_group_requests_ParentSubjectId",
                table: "group_requests",
                column: "ParentSubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "group_members");

            migrationBuilder.DropTable(
                name: "group_requests");
        }
    }
}
