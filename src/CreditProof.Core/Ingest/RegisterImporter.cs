using System.Threading.Channels;
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Channel = CreditProof.Platform.Channel;

namespace CreditProof.Ingest;

/// <summary>What to import into the register and how.</summary>
public sealed class RegisterImportRequest
{
    /// <summary>A full snapshot of the register: registered subjects missing from it leave the register. Otherwise a change file.</summary>
    public bool Snapshot { get; init; }

    /// <summary>The file (its error report goes beside it); null for an API request.</summary>
    public string? FilePath { get; init; }

    public string? Sha256 { get; init; }

    public Channel Channel { get; init; } = Channel.BatchFile;

    /// <summary>Who sent it: recorded with every change.</summary>
    public required string SubmittedBy { get; init; }

    /// <summary>The day the changes took effect (the file's as-of date); default today in China.</summary>
    public DateOnly? EffectiveOn { get; init; }

    /// <summary>Keep a result per row (the API answers with them); off for files, which may have millions of rows.</summary>
    public bool CollectRowResults { get; init; }

    public IProgress<int>? Progress { get; init; }
}

public enum RegisterRowOutcome
{
    /// <summary>A subject the platform did not know.</summary>
    Created,

    /// <summary>A subject known before only from records, now in the register.</summary>
    Entered,

    Updated,
    Unchanged,
    Rejected,
}

public sealed record RegisterRowResult(int Row, RegisterRowOutcome Outcome, string? Code, IReadOnlyList<RowError> Errors);

public sealed record RegisterImportResult(RegisterBatch Batch, string? ErrorReportCsv, string? ErrorReportJson, IReadOnlyList<RegisterRowResult> Rows);

/// <summary>
/// Imports the subject register (主体库): validate row by row, match each row to the subject with its code, create the
/// new ones (bulk), update the changed ones as tracked entities (so that change tracking sees every rename and status
/// change) and write a <see cref="SubjectChange"/> for each change. One batch is one transaction: a killed import leaves
/// nothing, and importing the same file again changes nothing.
/// </summary>
public sealed class RegisterImporter(CreditProofDbContext db, PlatformClock clock, PlatformOptions platform, RegisterOptions options)
{
    public async Task<RegisterImportResult> ImportAsync(IRowSource source, RegisterImportRequest request, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = clock.DateOf(now);
        var batch = new RegisterBatch
        {
            Id = Guid.CreateVersion7(now),
            Channel = request.Channel,
            Snapshot = request.Snapshot,
            FileName = request.FilePath is null ? null : Path.GetFileName(request.FilePath),
            Sha256 = request.Sha256,
            Status = BatchStatusKind.Running,
            SubmittedBy = request.SubmittedBy,
            StartedAt = now.UtcDateTime,
            EffectiveOn = request.EffectiveOn ?? today,
        };
        var allowList = await db.AllowListedCodes.Select(a => a.Code).ToHashSetAsync(StringComparer.Ordinal, ct);
        var validator = new RegisterRowValidator(new SubjectCodeValidator(allowList, clock.Time), platform.ProvinceCode, today);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var postgres = db.Database.IsNpgsql();
        // As for record imports: inside the open transaction no ANALYZE sees the growing table; index probes only.
        await db.Database.ExecuteSqlRawAsync(postgres ? "SET LOCAL enable_seqscan = off" : "PRAGMA cache_size = -32768", ct);
        // A snapshot tells who left the register only if someone was in it: a first load needs no list of the codes seen.
        var seen = request.Snapshot && await db.Subjects.AnyAsync(s => s.InRegister && s.RegisterStatus != null, ct)
            ? await SeenCodes.CreateAsync(db, ct)
            : null;
        db.RegisterBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        using var run = new Run(batch, request, options);
        try
        {
            using (var writer = BulkWriter.For(db))
            {
                var chunks = System.Threading.Channels.Channel.CreateBounded<List<RegisterRow>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                // Reading and validating (CPU) overlap with writing (database).
                var producer = Task.Run(() => ProduceAsync(source, validator, run, chunks.Writer, stop.Token), stop.Token);
                try
                {
                    await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
                    {
                        await WriteChunkAsync(chunk, run, writer, ct);
                        if (seen is not null)
                            await seen.AddAsync(chunk.Select(r => r.Code).ToList(), ct);
                        request.Progress?.Report(run.RowsRead);
                    }
                }
                catch
                {
                    await stop.CancelAsync();
                    await Task.WhenAny(producer);
                    throw;
                }

                await producer;
                if (seen is not null)
                    await MarkLeftAsync(seen, run, writer, ct);
            }

            run.ErrorReport?.Dispose();
            batch.RowsRead = run.RowsRead;
            batch.Rejected = run.Rejected;
            batch.ErrorReportPath = run.ErrorReport?.CsvPath;
            batch.CompletedAt = clock.GetUtcNow().UtcDateTime;
            batch.Status = run.Rejected > 0 ? BatchStatusKind.CompletedWithRejections : BatchStatusKind.Completed;
            db.RegisterBatches.Update(batch);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            if (!postgres)
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", ct);
            await transaction.CommitAsync(ct);
            return run.Result();
        }
        catch
        {
            run.ErrorReport?.Dispose();
            throw;
        }
        finally
        {
            if (seen is not null)
                await seen.DisposeAsync();
        }
    }

    private async Task ProduceAsync(IRowSource source, RegisterRowValidator validator, Run run, ChannelWriter<List<RegisterRow>> chunks, CancellationToken ct)
    {
        try
        {
            var chunk = new List<RegisterRow>(options.ChunkSize);
            await foreach (var raw in source.ReadAsync(ct))
            {
                run.RowsRead++;
                var (row, errors) = validator.Check(raw);
                if (row is null)
                {
                    run.Reject(raw.Number, errors);
                    continue;
                }

                if (run.Identities.FirstRowOf(0, row.Code, row.Row) is { } first)
                {
                    run.Reject(raw.Number, [new RowError(raw.Number, raw.Headers.FirstOrDefault(h => RegisterLayout.Resolve(h) == RegisterField.Code) ?? "code",
                        row.Code, "duplicate_in_file", $"第{first}行已有相同的统一社会信用代码", $"row {first} has the same unified social credit code")]);
                    continue;
                }

                chunk.Add(row);
                if (chunk.Count >= options.ChunkSize)
                {
                    await chunks.WriteAsync(chunk, ct);
                    chunk = new List<RegisterRow>(options.ChunkSize);
                }
            }

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

    private async Task WriteChunkAsync(List<RegisterRow> chunk, Run run, BulkWriter writer, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        // Tracked: the subjects that change are saved by EF Core, which sees each changed property.
        var existing = await db.Subjects.Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, ct);
        var created = new List<Subject>();
        var changes = new List<SubjectChange>();
        var batch = run.Batch;
        foreach (var row in chunk)
        {
            if (!existing.TryGetValue(row.Code, out var subject))
            {
                created.Add(new Subject
                {
                    Id = BulkIds.NewVersion7(),
                    Code = row.Code,
                    Name = row.Name,
                    Type = row.Type,
                    RegionCode = row.RegionCode,
                    CreatedAt = batch.StartedAt,
                    InRegister = true,
                    RegisterStatus = row.Status,
                    RegisteredOn = row.RegisteredOn,
                    StatusSince = row.Status == RegisterStatus.Active ? row.RegisteredOn : batch.EffectiveOn,
                    FormerNames = SubjectNames.Merge(null, row.FormerNames, row.Name),
                    RegisterUpdatedAt = batch.StartedAt,
                    RegisterBatchId = batch.Id,
                });
                run.Count(row.Row, RegisterRowOutcome.Created, row.Code);
                continue;
            }

            if (Apply(subject, row, batch) is { } change)
            {
                change.SourceRow = row.Row;
                changes.Add(change);
                run.Count(row.Row, change.Kind == SubjectChangeKind.Entered ? RegisterRowOutcome.Entered : RegisterRowOutcome.Updated, row.Code);
            }
            else
            {
                run.Count(row.Row, RegisterRowOutcome.Unchanged, row.Code);
            }
        }

        if (changes.Count > 0)
            await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        if (created.Count > 0)
            await writer.WriteAsync(created, ct);
        if (changes.Count > 0)
            await writer.WriteAsync(changes, ct);
    }

    /// <summary>Brings the subject in line with the register's row; the change to record, or null when nothing differs.</summary>
    internal static SubjectChange? Apply(Subject subject, RegisterRow row, RegisterBatch batch)
    {
        var fields = new List<string>();
        var entered = !subject.InRegister;
        var oldName = subject.Name;
        var oldStatus = subject.RegisterStatus;
        var formerNames = SubjectNames.Merge(subject.FormerNames, row.FormerNames, row.Name);
        if (!string.Equals(subject.Name, row.Name, StringComparison.Ordinal))
        {
            fields.Add(nameof(Subject.Name));
            // A subject known only from records carries the name a record gave it: not a name the register ever had.
            if (!entered)
                formerNames = SubjectNames.Merge(formerNames, [oldName], row.Name);
            subject.Name = row.Name;
        }

        if (subject.RegisterStatus != row.Status)
        {
            fields.Add(nameof(Subject.RegisterStatus));
            subject.RegisterStatus = row.Status;
            subject.StatusSince = entered && row.Status == RegisterStatus.Active ? row.RegisteredOn : batch.EffectiveOn;
        }

        if (subject.Type != row.Type)
        {
            fields.Add(nameof(Subject.Type));
            subject.Type = row.Type;
        }

        if (!string.Equals(subject.RegionCode, row.RegionCode, StringComparison.Ordinal))
        {
            fields.Add(nameof(Subject.RegionCode));
            subject.RegionCode = row.RegionCode;
        }

        // An empty column keeps what the register said before.
        if (row.RegisteredOn is { } registeredOn && subject.RegisteredOn != registeredOn)
        {
            fields.Add(nameof(Subject.RegisteredOn));
            subject.RegisteredOn = registeredOn;
        }

        if (!string.Equals(subject.FormerNames, formerNames, StringComparison.Ordinal))
        {
            fields.Add(nameof(Subject.FormerNames));
            subject.FormerNames = formerNames;
        }

        if (entered)
        {
            fields.Insert(0, nameof(Subject.InRegister));
            subject.InRegister = true;
        }

        if (fields.Count == 0)
            return null;
        subject.RegisterUpdatedAt = batch.StartedAt;
        subject.RegisterBatchId = batch.Id;
        return new SubjectChange
        {
            SubjectId = subject.Id,
            Kind = entered ? SubjectChangeKind.Entered
                : fields.Contains(nameof(Subject.Name)) ? SubjectChangeKind.Renamed
                : fields.Contains(nameof(Subject.RegisterStatus)) ? SubjectChangeKind.StatusChanged
                : SubjectChangeKind.Updated,
            ChangedFields = string.Join(';', fields),
            OldName = fields.Contains(nameof(Subject.Name)) ? oldName : null,
            NewName = fields.Contains(nameof(Subject.Name)) ? row.Name : null,
            OldStatus = oldStatus,
            NewStatus = row.Status,
            EffectiveOn = batch.EffectiveOn,
            ChangedAt = batch.StartedAt,
            ChangedBy = batch.SubmittedBy,
            Channel = batch.Channel,
            BatchId = batch.Id,
        };
    }

    /// <summary>A full snapshot: registered subjects whose code it did not carry leave the register, a page at a time.</summary>
    private async Task MarkLeftAsync(SeenCodes seen, Run run, BulkWriter writer, CancellationToken ct)
    {
        var batch = run.Batch;
        while (true)
        {
            var left = await seen.MissingAsync(options.ChunkSize, ct);
            if (left.Count == 0)
                break;
            var changes = new List<SubjectChange>(left.Count);
            foreach (var subject in left)
            {
                changes.Add(new SubjectChange
                {
                    SubjectId = subject.Id,
                    Kind = SubjectChangeKind.Left,
                    ChangedFields = nameof(Subject.InRegister),
                    OldStatus = subject.RegisterStatus,
                    NewStatus = subject.RegisterStatus,
                    EffectiveOn = batch.EffectiveOn,
                    ChangedAt = batch.StartedAt,
                    ChangedBy = batch.SubmittedBy,
                    Channel = batch.Channel,
                    BatchId = batch.Id,
                });
                subject.InRegister = false;
                subject.RegisterUpdatedAt = batch.StartedAt;
                subject.RegisterBatchId = batch.Id;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await writer.WriteAsync(changes, ct);
            batch.Left += left.Count;
        }
    }

    /// <summary>The codes a snapshot carried, in a temporary table of the batch's connection.</summary>
    private sealed class SeenCodes(CreditProofDbContext db, bool postgres) : IAsyncDisposable
    {
        public static async Task<SeenCodes> CreateAsync(CreditProofDbContext db, CancellationToken ct)
        {
            var postgres = db.Database.IsNpgsql();
            await db.Database.ExecuteSqlRawAsync(postgres
                ? "CREATE TEMP TABLE register_seen (code varchar(18) PRIMARY KEY) ON COMMIT DROP"
                : "CREATE TEMP TABLE register_seen (code TEXT PRIMARY KEY)", ct);
            return new SeenCodes(db, postgres);
        }

        public async Task AddAsync(List<string> codes, CancellationToken ct)
        {
            if (postgres)
                await db.Database.ExecuteSqlAsync($"INSERT INTO register_seen SELECT unnest({codes.ToArray()}) ON CONFLICT DO NOTHING", ct);
            else
                await db.Database.ExecuteSqlAsync($"INSERT OR IGNORE INTO register_seen SELECT value FROM json_each({System.Text.Json.JsonSerializer.Serialize(codes)})", ct);
        }

        /// <summary>Registered organisations (tracked) still in the register that the snapshot did not carry.</summary>
        public Task<List<Subject>> MissingAsync(int limit, CancellationToken ct) => db.Subjects
            .FromSqlRaw("""SELECT * FROM subjects s WHERE s."InRegister" AND s."RegisterStatus" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM register_seen r WHERE r.code = s."Code")""")
            .Take(limit)
            .ToListAsync(ct);

        public async ValueTask DisposeAsync()
        {
            if (!postgres && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
                await db.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS temp.register_seen");
        }
    }

    /// <summary>The state of one import while it runs.</summary>
    private sealed class Run(RegisterBatch batch, RegisterImportRequest request, RegisterOptions options) : IDisposable
    {
        private readonly List<RegisterRowResult>? _results = request.CollectRowResults ? [] : null;
        private int _rejected;

        public RegisterBatch Batch => batch;

        public BatchIdentities Identities { get; } = new(options.DuplicateCheckInMemoryRows);

        public ErrorReport? ErrorReport { get; private set; }

        public int RowsRead { get; set; }

        public int Rejected => Volatile.Read(ref _rejected);

        public void Reject(int row, IReadOnlyList<RowError> errors)
        {
            Interlocked.Increment(ref _rejected);
            if (request.FilePath is not null)
            {
                ErrorReport ??= ErrorReport.Beside(request.FilePath, batch.Id);
                foreach (var error in errors)
                    ErrorReport.Write(error, outOfScope: false);
            }

            Add(new RegisterRowResult(row, RegisterRowOutcome.Rejected, null, errors));
        }

        public void Count(int row, RegisterRowOutcome outcome, string code)
        {
            switch (outcome)
            {
                case RegisterRowOutcome.Created or RegisterRowOutcome.Entered:
                    batch.Created++;
                    break;
                case RegisterRowOutcome.Updated:
                    batch.Updated++;
                    break;
                case RegisterRowOutcome.Unchanged:
                    batch.Unchanged++;
                    break;
                case RegisterRowOutcome.Rejected:
                    throw new ArgumentOutOfRangeException(nameof(outcome));
            }

            Add(new RegisterRowResult(row, outcome, code, []));
        }

        public RegisterImportResult Result() =>
            new(batch, ErrorReport?.CsvPath, ErrorReport?.JsonPath, _results is null ? [] : [.. _results.OrderBy(r => r.Row)]);

        public void Dispose() => Identities.Dispose();

        private void Add(RegisterRowResult result)
        {
            if (_results is null)
                return;
            lock (_results)
                _results.Add(result);
        }
    }
}
