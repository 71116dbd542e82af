using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CreditProof.Storage;

/// <summary>
/// Makes SQLite itself wait for a busy database (<c>PRAGMA busy_timeout</c>) on every opened connection. Without it,
/// Microsoft.Data.Sqlite answers SQLITE_BUSY by sleeping 150 ms before each retry, so two writers that meet — two
/// reports issued at the same moment — cost one of them 150 ms or more; SQLite's own handler retries within a few
/// milliseconds of the lock being released. The wait is bounded like the command timeout.
/// </summary>
public sealed class SqliteBusyTimeout(TimeSpan timeout) : DbConnectionInterceptor
{
    private readonly string _pragma = $"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}
