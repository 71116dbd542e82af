using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CreditProof.Migrations.Postgres.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    WindowStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    DetailZh = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DetailEn = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Algorithm = table.Column<int>(type: "integer", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Action = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ObjectType = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    ObjectId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    Client = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_chain",
                columns: table => new
                {
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    PreviousHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", nullable: false)
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

            // Append-only, whatever the role: the application may insert and select; UPDATE, DELETE and TRUNCATE are refused
            // by the database itself (docs/security.md: in production the application's role also lacks the privileges).
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
                END $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM PUBLIC;");
            migrationBuilder.Sql("CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("REVOKE UPDATE, DELETE, TRUNCATE ON audit_chain FROM PUBLIC;");
            migrationBuilder.Sql("CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM PUBLIC;");
            migrationBuilder.Sql("CREATE TRIGGER audit_alerts_append_only BEFORE UPDATE OR DELETE ON audit_alerts FOR EACH ROW EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER audit_alerts_no_truncate BEFORE TRUNCATE ON audit_alerts FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("REVOKE UPDATE, DELETE, TRUNCATE ON audit_alerts FROM PUBLIC;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries; DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_chain_append_only ON audit_chain; DROP TRIGGER IF EXISTS audit_chain_no_truncate ON audit_chain;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_checkpoints_append_only ON audit_checkpoints; DROP TRIGGER IF EXISTS audit_checkpoints_no_truncate ON audit_checkpoints;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_alerts_append_only ON audit_alerts; DROP TRIGGER IF EXISTS audit_alerts_no_truncate ON audit_alerts;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_append_only();");

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
