using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SubjectRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsRegistrationAuthority",
                table: "units",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "FormerNames",
                table: "subjects",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "InRegister",
                table: "subjects",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "RegisterBatchId",
                table: "subjects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RegisterStatus",
                table: "subjects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RegisterUpdatedAt",
                table: "subjects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RegisteredOn",
                table: "subjects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "StatusSince",
                table: "subjects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "register_batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Snapshot = table.Column<bool>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RowsRead = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    Left = table.Column<int>(type: "INTEGER", nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ErrorReportPath = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_register_batches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "subject_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedFields = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OldName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NewName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OldStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    NewStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SourceRow = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subject_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_subject_changes_register_batches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "register_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_subject_changes_subjects_SubjectId",
                        column: x => x.SubjectId,
                        principalTable: "subjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_subjects_InRegister_Code",
                table: "subjects",
                columns: new[] { "InRegister", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_subjects_RegisterBatchId",
                table: "subjects",
                column: "RegisterBatchId");

            migrationBuilder.CreateIndex(
                name: "IX_register_batches_StartedAt",
                table: "register_batches",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_subject_changes_BatchId",
                table: "subject_changes",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_subject_changes_SubjectId_ChangedAt",
                table: "subject_changes",
                columns: new[] { "SubjectId", "ChangedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_subjects_register_batches_RegisterBatchId",
                table: "subjects",
                column: "RegisterBatchId",
                principalTable: "register_batches",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_subjects_register_batches_RegisterBatchId",
                table: "subjects");

            migrationBuilder.DropTable(
                name: "subject_changes");

            migrationBuilder.DropTable(
                name: "register_batches");

            migrationBuilder.DropIndex(
                name: "IX_subjects_InRegister_Code",
                table: "subjects");

            migrationBuilder.DropIndex(
                name: "IX_subjects_RegisterBatchId",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "IsRegistrationAuthority",
                table: "units");

            migrationBuilder.DropColumn(
                name: "FormerNames",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "InRegister",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "RegisterBatchId",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "RegisterStatus",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "RegisterUpdatedAt",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "RegisteredOn",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "StatusSince",
                table: "subjects");
        }
    }
}
