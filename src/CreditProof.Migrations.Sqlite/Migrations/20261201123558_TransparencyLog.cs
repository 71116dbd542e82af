using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CreditProof.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TransparencyLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "transparency_heads",
                columns: table => new
                {
                    TreeSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transparency_heads", x => x.TreeSize);
                });

            migrationBuilder.CreateTable(
                name: "transparency_leaves",
                columns: table => new
                {
                    Index = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LeafHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    SequencedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transparency_leaves", x => x.Index);
                });

            migrationBuilder.CreateTable(
                name: "transparency_nodes",
                columns: table => new
                {
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Index = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transparency_nodes", x => new { x.Level, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "transparency_queue",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LeafHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    QueuedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transparency_queue", x => x.ReportId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_transparency_leaves_ReportNumber",
                table: "transparency_leaves",
                column: "ReportNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_transparency_queue_QueuedAt_ReportId",
                table: "transparency_queue",
                columns: new[] { "QueuedAt", "ReportId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "transparency_heads");

            migrationBuilder.DropTable(
                name: "transparency_leaves");

            migrationBuilder.DropTable(
                name: "transparency_nodes");

            migrationBuilder.DropTable(
                name: "transparency_queue");
        }
    }
}
