using System.Diagnostics;
using CreditProof.Calendar;
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Ingest;

/// <summary>What to import and how.</summary>
public sealed class ImportRequest
{
    /// <summary>The record type; null detects it from the headers.</summary>
    public RecordType? Type { get; init; }

    /// <summary>The submitting unit's credit code: rows without a unit column belong to it, rows of another unit are refused.</summary>
    public string? UnitCode { get; init; }

    public Channel Channel { get; init; } = Channel.BatchFile;

    /// <summary>All rows or none: one rejected row rolls the whole batch back.</summary>
    public bool Atomic { get; init; }

    /// <summary>The batch file (its error report goes beside it); null for an API request.</summary>
    public string? FilePath { get; init; }

    public string? Sha256 { get; init; }

    public required string SubmittedBy { get; init; }

    /// <summary>Keep a result per row (the API answers with them); off for files, which may have millions of rows.</summary>
    public bool CollectRowResults { get; init; }

    public IProgress<ImportProgress>? Progress { get; init; }
}

/// <summary>Rows read from the source and rows written (inside the batch's still open transaction).</summary>
public readonly record struct ImportProgress(int RowsRead, int RowsWritten, double? Fraction);

public enum RowOutcome
{
    Created,
    Updated,
    Unchanged,
    Rejected,
    OutOfScope,
}

public sealed record RowResult(int Row, RowOutcome Outcome, string? DocumentNumber, Guid? RecordId, int? Version, bool Late, IReadOnlyList<RowError> Errors);

public sealed record ImportResult(ImportBatch Batch, string? ErrorReportCsv, string? ErrorReportJson, IReadOnlyList<RowResult> Rows)
{
    public ImportTimings Timings { get; init; } = new();
}

/// <summary>Where the writing stage spent its time (for the benchmark and operators looking at a slow import).</summary>
public sealed class ImportTimings
{
    public TimeSpan Subjects { get; set; }

    public TimeSpan Matching { get; set; }

    public TimeSpan Inserts { get; set; }

    /// <summary>The writer idle, waiting for the next validated chunk: reading and validating are the slower stage.</summary>
    public TimeSpan WaitingForRows { get; set; }

    /// <summary>Closing the batch: its counts, the reports it makes outdated, and the commit.</summary>
    public TimeSpan Commit { get; set; }
}

/// <summary>
/// Imports rows as records: validate row by row, match each to the record it may already be (unit, type, document
/// number), create, version or leave it, and write in chunks with the provider's bulk path. A batch is one database
/// transaction, committed at the end: a process killed half-way leaves nothing of it, and running it again is safe.
/// </summary>
public sealed class RecordImporter(CreditProofDbContext db, PlatformClock clock, PlatformOptions platform, IngestOptions options, Privacy.PersonalDataKeys keys)
{
    private const int SubjectCacheLimit = 200_000;
    private const int SqliteCacheKiB = 32 * 1024;

    public async Task<ImportResult> ImportAsync(IRowSource source, ImportRequest request, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var batch = new ImportBatch
        {
            Id = Guid.CreateVersion7(),
            Channel = request.Channel,
            RecordType = request.Type,
            FileName = request.FilePath is null ? null : Path.GetFileName(request.FilePath),
            Sha256 = request.Sha256,
            Status = BatchStatus.Running,
            Atomic = request.Atomic,
            SubmittedBy = request.SubmittedBy,
            StartedAt = now.UtcDateTime,
        };
        var context = await LoadContextAsync(request, batch, now, ct);
        batch.UnitId = context.SubmittingUnit?.Id;

        await using var rows = source.ReadAsync(ct).GetAsyncEnumerator(ct);
        if (!await rows.MoveNextAsync())
            return await FinishEmptyAsync(batch, request.Type, ct);
        var layout = request.Type is { } type ? RecordLayout.For(type) : RecordLayout.Detect(rows.Current.Headers)
            ?? throw new ImportFormatException("无法从表头判断记录类型，请用 --type 指定（penalty|enforcement|dishonesty|criminal）",
                "cannot tell the record type from the headers; give it with --type (penalty|enforcement|dishonesty|criminal)");
        batch.RecordType = layout.Type;

        using var run = new BatchRun(batch, request, layout, new RowValidator(layout, context), new BatchIdentities(options.DuplicateCheckInMemoryRows))
        {
            Notices = new NewRecordNotices(context.UnitsByCode.Values.ToDictionary(u => u.Id, u => u.Name),
                new Repairs.PublicityPeriods(await db.PublicityRules.AsNoTracking().ToListAsync(ct)), now.UtcDateTime),
        };
        return await ImportInTransactionAsync(batch, request, layout, run, rows, source, ct);
    }

    private async Task<ImportResult> ImportInTransactionAsync(ImportBatch batch, ImportRequest request, RecordLayout layout, BatchRun run,
        IAsyncEnumerator<RawRow> rows, IRowSource source, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using var bulk = await BulkSession.StartAsync(db, ct);
        db.Batches.Add(batch);
        await db.SaveChangesAsync(ct);
        try
        {
            using (var writer = BulkWriter.For(db))
            using (var lookup = RecordLookup.For(db))
            {
                var chunks = System.Threading.Channels.Channel.CreateBounded<List<ValidRow>>(new System.Threading.Channels.BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                // Reading and validating (CPU) overlaps with writing (database): two stages joined by a small bounded queue.
                var producer = Task.Run(() => ProduceAsync(rows, run, chunks.Writer, source, stop.Token), stop.Token);
                try
                {
                    var waiting = Stopwatch.GetTimestamp();
                    await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
                    {
                        run.Timings.WaitingForRows += Stopwatch.GetElapsedTime(waiting);
                        if (!(request.Atomic && run.Rejected > 0))
                            await WriteChunkAsync(chunk, run, writer, lookup, ct);
                        run.RowsWritten += chunk.Count;
                        request.Progress?.Report(new ImportProgress(run.RowsRead, run.RowsWritten, source.Progress));
                        waiting = Stopwatch.GetTimestamp();
                    }
                }
                catch
                {
                    await stop.CancelAsync();
                    await Task.WhenAny(producer);
                    throw;
                }

                await producer;
            }

            run.ErrorReport?.Dispose();
            batch.RowsRead = run.RowsRead;
            batch.Rejected = run.Rejected;
            batch.OutOfScope = run.OutOfScope;
            batch.ErrorReportPath = run.ErrorReport?.CsvPath;
            batch.CompletedAt = clock.GetUtcNow().UtcDateTime;
            if (request.Atomic && run.Rejected > 0)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                batch.Accepted = batch.Updated = batch.Unchanged = batch.Late = 0;
                batch.Status = BatchStatus.Failed;
                batch.Message = $"整批导入模式：{run.Rejected}行被拒绝，本批未写入任何记录 (atomic mode: {run.Rejected} rows rejected, nothing of the batch was written)";
                db.Batches.Add(batch);
                db.Add(Statistics.StatDeltas.ForRejectedRows(batch.UnitId, run.Rejected, batch.CompletedAt.Value));
                await db.SaveChangesAsync(CancellationToken.None);
                return run.Result(accepted: false);
            }

            var closing = Stopwatch.GetTimestamp();
            batch.Status = run.Rejected > 0 ? BatchStatus.CompletedWithRejections : BatchStatus.Completed;
            if (run.Rejected > 0)
                db.Add(Statistics.StatDeltas.ForRejectedRows(batch.UnitId, run.Rejected, batch.CompletedAt.Value));
            // The batch's completion records its report change in this same transaction (ReportChangeCapture).
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            run.Timings.Commit = Stopwatch.GetElapsedTime(closing);
            return run.Result(accepted: true);
        }
        catch
        {
            run.ErrorReport?.Dispose();
            throw;
        }
    }

    private async Task<ValidationContext> LoadContextAsync(ImportRequest request, ImportBatch batch, DateTimeOffset now, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Include(u => u.Domain).ToDictionaryAsync(u => u.CreditCode, StringComparer.Ordinal, ct);
        DataSourceUnit? submitting = null;
        if (request.UnitCode is { } code && !units.TryGetValue(code.Trim().ToUpperInvariant(), out submitting))
            throw new ImportFormatException($"数据来源单位“{code}”未在平台登记", $"the data source unit '{code}' is not registered");
        var allowList = await db.AllowListedCodes.Select(a => a.Code).ToHashSetAsync(StringComparer.Ordinal, ct);
        var calendar = new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));
        return new ValidationContext
        {
            UnitsByCode = units,
            SubmittingUnit = submitting,
            OnlyOwnUnit = submitting is not null,
            Subjects = new SubjectCodeValidator(allowList, clock.Time),
            Calendar = calendar,
            Today = clock.DateOf(now),
            CollectionStart = platform.CollectionStart,
            ReceivedAtUtc = now.UtcDateTime,
            Options = options,
            Channel = request.Channel,
            BatchId = batch.Id,
        };
    }

    private async Task<ImportResult> FinishEmptyAsync(ImportBatch batch, RecordType? type, CancellationToken ct)
    {
        batch.RecordType = type;
        batch.Status = BatchStatus.Completed;
        batch.CompletedAt = clock.GetUtcNow().UtcDateTime;
        db.Batches.Add(batch);
        await db.SaveChangesAsync(ct);
        return new ImportResult(batch, null, null, []);
    }

    private async Task ProduceAsync(IAsyncEnumerator<RawRow> rows, BatchRun run, System.Threading.Channels.ChannelWriter<List<ValidRow>> chunks, IRowSource source, CancellationToken ct)
    {
        try
        {
            var chunk = new List<ValidRow>(options.ChunkSize);
            do
            {
                var raw = rows.Current;
                run.RowsRead++;
                var check = run.Validator.Check(raw);
                switch (check.Verdict)
                {
                    case RowVerdict.Valid:
                        var valid = check.Valid!;
                        if (run.FirstRowOf(valid) is { } first)
                        {
                            run.Reject(raw.Number, [new RowError(raw.Number, run.Layout.Spec(Field.DocumentNumber).Code, valid.Record.DocumentNumber, "duplicate_in_batch",
                                $"同一批次中第{first}行已有相同文号的记录", $"row {first} of this batch has the same document number")]);
                            break;
                        }

                        chunk.Add(valid);
                        if (chunk.Count >= options.ChunkSize)
                        {
                            await chunks.WriteAsync(chunk, ct);
                            chunk = new List<ValidRow>(options.ChunkSize);
                        }

                        break;
                    case RowVerdict.Rejected:
                        run.Reject(raw.Number, check.Errors);
                        break;
                    case RowVerdict.OutOfScope:
                        run.SetOutOfScope(raw.Number, check.Errors);
                        break;
                }

            }
            while (await rows.MoveNextAsync());

            if (chunk.Count > 0)
                await chunks.WriteAsync(chunk, ct);
            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
            throw;
        }
    }

    private async Task WriteChunkAsync(List<ValidRow> chunk, BatchRun run, BulkWriter writer, RecordLookup lookup, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await ResolveSubjectsAsync(chunk, run, writer, lookup, ct);
        run.Timings.Subjects += Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var now = run.Batch.StartedAt;
        var newRecords = new List<ViolationRecord>(chunk.Count);
        var versions = new List<RecordVersion>(chunk.Count);
        foreach (var group in chunk.GroupBy(r => r.Record.UnitId))
        {
            var documents = group.Select(r => r.Record.DocumentNumber).ToList();
            var existing = await lookup.FindRecordsAsync(group.Key, run.Layout.Type, documents, ct);
            foreach (var row in group)
            {
                var record = row.Record;
                if (!existing.TryGetValue(record.DocumentNumber, out var current))
                {
                    newRecords.Add(record);
                    versions.Add(Version(record, ChangeKind.Created, row, null, run, now));
                    run.Accept(row, RowOutcome.Created);
                    continue;
                }

                var changed = RecordSnapshot.Differences(current.SnapshotJson, row.SnapshotJson).ToList();
                if (current.SubjectId != record.SubjectId)
                    changed.Add("SubjectCode");
                if (changed.Count == 0)
                {
                    run.Accept(row, RowOutcome.Unchanged, current.Id, current.Version);
                    continue;
                }

                record.Id = current.Id;
                record.Version = current.Version + 1;
                record.ReceivedAt = current.ReceivedAt;
                record.ReportingDelayWorkingDays = current.ReportingDelayWorkingDays;
                await UpdateAsync(record, current.Version, ct);
                versions.Add(Version(record, ChangeKind.Corrected, row, string.Join(';', changed), run, now));
                run.Accept(row, RowOutcome.Updated);
            }
        }

        run.Timings.Matching += Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        if (newRecords.Count > 0)
        {
            await writer.WriteAsync(newRecords, ct);
            // Bulk-written rows pass no interceptor: the statistics' counts and the subjects' notices go in the same transaction.
            await writer.WriteAsync(Statistics.StatDeltas.ForNewRecords(newRecords), ct);
            await writer.WriteAsync(newRecords.Select(run.Notices.For), ct);
        }

        if (versions.Count > 0)
            await writer.WriteAsync(versions, ct);
        run.Timings.Inserts += Stopwatch.GetElapsedTime(started);
    }

    private static RecordVersion Version(ViolationRecord record, ChangeKind change, ValidRow row, string? changedFields, BatchRun run, DateTime now) =>
        RecordHistory.ForBulkWrite(record, new RecordProvenance(change, run.Request.SubmittedBy, run.Request.Channel, now, BatchId: run.Batch.Id, SourceRow: row.Row),
            row.SnapshotJson, changedFields);

    /// <summary>Finds each row's subject by its code, creating the subjects that are new (type and region follow from the code).</summary>
    private async Task ResolveSubjectsAsync(List<ValidRow> chunk, BatchRun run, BulkWriter writer, RecordLookup lookup, CancellationToken ct)
    {
        var cache = run.Subjects;
        if (cache.Count > SubjectCacheLimit)
            cache.Clear();
        // Natural persons are stored and found under the blind index of their ID number, never the number (Privacy).
        var stored = new Dictionary<ValidRow, string>(chunk.Count, ReferenceEqualityComparer.Instance);
        foreach (var r in chunk)
            stored[r] = keys.StorageCode(r.SubjectCode);
        var missing = chunk.Select(r => stored[r]).Where(c => !cache.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            foreach (var (code, id) in await lookup.FindSubjectsAsync(missing, ct))
                cache[code] = id;
            var created = new List<Subject>();
            foreach (var row in chunk)
            {
                if (cache.ContainsKey(stored[row]))
                    continue;
                var subject = new Subject
                {
                    Id = BulkIds.NewVersion7(),
                    Code = stored[row],
                    Name = row.Record.SubjectName,
                    Type = row.SubjectType,
                    RegionCode = row.SubjectRegion,
                    CreatedAt = run.Batch.StartedAt,
                };
                if (subject.IsNaturalPerson || Privacy.PersonalDataKeys.IsIdNumber(row.SubjectCode))
                    keys.Protect(subject, row.SubjectCode);
                cache[subject.Code] = subject.Id;
                created.Add(subject);
            }

            if (created.Count > 0)
                await writer.WriteAsync(created, ct);
        }

        foreach (var row in chunk)
            row.Record.SubjectId = cache[stored[row]];
    }

    private async Task UpdateAsync(ViolationRecord record, int expectedVersion, CancellationToken ct)
    {
        // A correction replaces the current content; the previous content stays in record_versions.
        var entry = db.Attach(record);
        foreach (var property in entry.Properties)
        {
            property.IsModified = property.Metadata.Name is not (nameof(ViolationRecord.Id) or nameof(ViolationRecord.Type)
                or nameof(ViolationRecord.UnitId) or nameof(ViolationRecord.DocumentNumber) or nameof(ViolationRecord.ReceivedAt)
                or nameof(ViolationRecord.ReportingDelayWorkingDays));
        }

        entry.Property(r => r.Version).OriginalValue = expectedVersion;
        await db.SaveChangesAsync(ct);
        entry.State = EntityState.Detached;
    }

    /// <summary>Connection settings for the length of one batch, put back when it ends.</summary>
    private sealed class BulkSession(CreditProofDbContext db, string? restore) : IAsyncDisposable
    {
        public static async Task<BulkSession> StartAsync(CreditProofDbContext db, CancellationToken ct)
        {
            if (db.Database.IsNpgsql())
            {
                // The tables grow inside the batch's transaction, where no ANALYZE sees them; plans made now (the foreign
                // key checks' among them) would otherwise take "empty" statistics at their word and scan.
                await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off", ct);
                return new BulkSession(db, null);
            }

            // A 32 MB page cache (default 2 MB) keeps the hot index pages of a large batch in memory instead of spilling
            // them to the WAL and reading them back. Durability is untouched: the commit is synced as always.
            await db.Database.ExecuteSqlRawAsync($"PRAGMA cache_size = -{SqliteCacheKiB}", ct);
            return new BulkSession(db, "PRAGMA cache_size = -2000");
        }

        public async ValueTask DisposeAsync()
        {
            if (restore is not null && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
                await db.Database.ExecuteSqlRawAsync(restore);
        }
    }

    /// <summary>The state of one import while it runs.</summary>
    internal sealed class BatchRun(ImportBatch batch, ImportRequest request, RecordLayout layout, RowValidator validator, BatchIdentities identities) : IDisposable
    {
        private readonly List<RowResult>? _results = request.CollectRowResults ? [] : null;
        private int _rejected;

        public ImportBatch Batch => batch;

        public required NewRecordNotices Notices { get; init; }

        public ImportRequest Request => request;

        public RecordLayout Layout => layout;

        public RowValidator Validator => validator;

        public Dictionary<string, Guid> Subjects { get; } = new(StringComparer.Ordinal);

        public ErrorReport? ErrorReport { get; private set; }

        public ImportTimings Timings { get; } = new();

        public int RowsRead { get; set; }

        public int RowsWritten { get; set; }

        public int Rejected => Volatile.Read(ref _rejected);

        public int OutOfScope { get; private set; }

        /// <summary>The row that already had this row's identity in the batch, or null.</summary>
        public int? FirstRowOf(ValidRow row) => identities.FirstRowOf(row.Record.UnitId, row.Record.DocumentNumber, row.Row);

        public void Reject(int row, IReadOnlyList<RowError> errors)
        {
            Interlocked.Increment(ref _rejected);
            Report(errors, outOfScope: false);
            Add(new RowResult(row, RowOutcome.Rejected, null, null, null, false, errors));
        }

        public void SetOutOfScope(int row, IReadOnlyList<RowError> errors)
        {
            OutOfScope++;
            Report(errors, outOfScope: true);
            Add(new RowResult(row, RowOutcome.OutOfScope, null, null, null, false, errors));
        }

        public void Accept(ValidRow row, RowOutcome outcome, Guid? id = null, int? version = null)
        {
            switch (outcome)
            {
                case RowOutcome.Created:
                    batch.Accepted++;
                    break;
                case RowOutcome.Updated:
                    batch.Updated++;
                    break;
                case RowOutcome.Unchanged:
                    batch.Unchanged++;
                    break;
                case RowOutcome.Rejected or RowOutcome.OutOfScope:
                    throw new ArgumentOutOfRangeException(nameof(outcome));
            }

            if (row.Late && outcome != RowOutcome.Unchanged)
                batch.Late++;
            Add(new RowResult(row.Row, outcome, row.Record.DocumentNumber, id ?? row.Record.Id, version ?? row.Record.Version, row.Late, []));
        }

        public ImportResult Result(bool accepted)
        {
            IReadOnlyList<RowResult> rows = _results is null ? [] : [.. _results.OrderBy(r => r.Row)];
            if (!accepted)
                rows = [.. rows.Select(r => r.Outcome is RowOutcome.Rejected or RowOutcome.OutOfScope ? r : r with { RecordId = null, Version = null })];
            return new ImportResult(batch, ErrorReport?.CsvPath, ErrorReport?.JsonPath, rows) { Timings = Timings };
        }

        private void Report(IReadOnlyList<RowError> errors, bool outOfScope)
        {
            if (request.FilePath is null)
                return;
            ErrorReport ??= ErrorReport.Beside(request.FilePath, batch.Id);
            foreach (var error in errors)
                ErrorReport.Write(error, outOfScope);
        }

        public void Dispose() => identities.Dispose();

        private void Add(RowResult result)
        {
            if (_results is null)
                return;
            lock (_results)
                _results.Add(result);
        }
    }

}
