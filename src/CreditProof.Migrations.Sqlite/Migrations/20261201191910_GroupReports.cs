using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParentSubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ParentReportNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DomainCodes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_group_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "group_members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GroupRequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Relation = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsentedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeclinedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
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
