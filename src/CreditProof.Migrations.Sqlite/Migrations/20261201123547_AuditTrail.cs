using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DetectedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    WindowStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    DetailZh = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DetailEn = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Algorithm = table.Column<int>(type: "INTEGER", nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ObjectType = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    ObjectId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Client = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_chain",
                columns: table => new
                {
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviousHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_chain", x => x.Position);
                    table.ForeignKey(
                        name: "FK_audit_chain_audit_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "audit_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_alerts_Actor_Kind_WindowStart",
                table: "audit_alerts",
                columns: new[] { "Actor", "Kind", "WindowStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_chain_EntryId",
                table: "audit_chain",
                column: "EntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_checkpoints_Position_Algorithm",
                table: "audit_checkpoints",
                columns: new[] { "Position", "Algorithm" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Actor_At",
                table: "audit_entries",
                columns: new[] { "Actor", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_At",
                table: "audit_entries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_SubjectId_At",
                table: "audit_entries",
                columns: new[] { "SubjectId", "At" });

            // Append-only: SQLite refuses UPDATE and DELETE on the audit tables (docs/security.md).
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE on audit_entries refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE on audit_entries refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE on audit_chain refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE on audit_chain refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE on audit_checkpoints refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE on audit_checkpoints refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_alerts_no_update BEFORE UPDATE ON audit_alerts BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE on audit_alerts refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_alerts_no_delete BEFORE DELETE ON audit_alerts BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE on audit_alerts refused'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_chain_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_chain_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_checkpoints_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_alerts_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_alerts_no_delete;");

            migrationBuilder.DropTable(
                name: "audit_alerts");

            migrationBuilder.DropTable(
                name: "audit_chain");

            migrationBuilder.DropTable(
                name: "audit_checkpoints");

            migrationBuilder.DropTable(
                name: "audit_entries");
        }
    }
}
