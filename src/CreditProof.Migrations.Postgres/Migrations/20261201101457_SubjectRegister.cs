using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CreditProof.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SubjectRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_subjects_Code",
                table: "subjects");

            migrationBuilder.DropIndex(
                name: "IX_subjects_Name",
                table: "subjects");

            migrationBuilder.AddColumn<bool>(
                name: "IsRegistrationAuthority",
                table: "units",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "FormerNames",
                table: "subjects",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "InRegister",
                table: "subjects",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "RegisterBatchId",
                table: "subjects",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RegisterStatus",
                table: "subjects",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RegisterUpdatedAt",
                table: "subjects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RegisteredOn",
                table: "subjects",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "StatusSince",
                table: "subjects",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "register_batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Snapshot = table.Column<bool>(type: "boolean", nullable: false),
                    FileName = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    RowsRead = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    Rejected = table.Column<int>(type: "integer", nullable: false),
                    Left = table.Column<int>(type: "integer", nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ErrorReportPath = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_register_batches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "subject_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    ChangedFields = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OldName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    NewName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OldStatus = table.Column<int>(type: "integer", nullable: true),
                    NewStatus = table.Column<int>(type: "integer", nullable: true),
                    EffectiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: true),
                    SourceRow = table.Column<int>(type: "integer", nullable: true)
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
                name: "IX_subjects_Code",
                table: "subjects",
                column: "Code",
                unique: true)
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_subjects_InRegister_Code",
                table: "subjects",
                columns: new[] { "InRegister", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_subjects_Name",
                table: "subjects",
                column: "Name")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

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
                name: "IX_subjects_Code",
                table: "subjects");

            migrationBuilder.DropIndex(
                name: "IX_subjects_InRegister_Code",
                table: "subjects");

            migrationBuilder.DropIndex(
                name: "IX_subjects_Name",
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

            migrationBuilder.CreateIndex(
                name: "IX_subjects_Code",
                table: "subjects",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_subjects_Name",
                table: "subjects",
                column: "Name");
        }
    }
}
