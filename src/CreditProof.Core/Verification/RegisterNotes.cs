using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Verification;

/// <summary>What the register (主体库) says now about the subject of a report issued here: renamed since, or 注销/吊销.</summary>
public sealed record RegisterNote(string CurrentName, DateTime? RenamedAt, RegisterStatus? Status, DateOnly? StatusSince)
{
    public bool Deregistered => Status is RegisterStatus.Deregistered or RegisterStatus.Revoked;
}

public static class RegisterNotes
{
    /// <summary>
    /// Null when nothing changed that a relying party should know: the subject kept its name and is not deregistered.
    /// A rename does not change a report's status (the report names the subject as it was named at issue); verification
    /// says it here, next to the report.
    /// </summary>
    public static async Task<RegisterNote?> ForAsync(CreditProofDbContext db, string reportNumber, CancellationToken ct = default)
    {
        if (ReportNumbers.ParseNumber(reportNumber) is not { } number)
            return null;
        var report = await db.IssuedReports.AsNoTracking().Where(r => r.Number == number).Select(r => new { r.SubjectId, r.IssuedAt }).FirstOrDefaultAsync(ct);
        if (report is null)
            return null;
        var subject = await db.Subjects.AsNoTracking().Where(s => s.Id == report.SubjectId)
            .Select(s => new { s.Name, s.RegisterStatus, s.StatusSince }).SingleAsync(ct);
        var rename = await SubjectDirectory.RenamedSinceAsync(db, report.SubjectId, report.IssuedAt, ct);
        var note = new RegisterNote(subject.Name, rename?.ChangedAt, subject.RegisterStatus, subject.StatusSince);
        return rename is null && !note.Deregistered ? null : note;
    }
}

/// <summary>
/// The register notes online verification shows, held in memory so that a verification in steady state reads nothing
/// from the database (issue 19: the note's three queries were the largest part of what verification still read).
/// An entry is good while the register is unchanged: every register change writes a <see cref="SubjectChange"/> row, and
/// <see cref="RefreshAsync"/> (the web host's background round, every couple of seconds) reads the newest change id; a
/// different one retires every entry. Two imports committing out of id order could hide the later commit from that mark,
/// so no entry is used for longer than <see cref="MaxAge"/> either. The bound a relying party sees: a rename or a
/// deregistration shows within one refresh round, and at worst within <see cref="MaxAge"/> (plus the standby's lag).
/// </summary>
public sealed class RegisterNoteCache(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private const int MaxRemembered = 200_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Mark, DateTimeOffset Until, RegisterNote? Note)> _notes = new(StringComparer.Ordinal);

    /// <summary>The newest register change id as of the last refresh; -1 before the first (nothing is remembered then).</summary>
    private long _mark = -1;

    public async Task<RegisterNote?> NoteAsync(ReadOnlyDatabase reads, string reportNumber, CancellationToken ct = default)
    {
        var mark = Volatile.Read(ref _mark);
        var now = time.GetUtcNow();
        if (mark >= 0 && _notes.TryGetValue(reportNumber, out var held) && held.Mark == mark && held.Until > now)
            return held.Note;
        // The mark was read before the register: a change committed meanwhile moves the mark past this entry's.
        var note = await RegisterNotes.ForAsync(reads.Context, reportNumber, ct);
        if (mark >= 0)
        {
            if (_notes.Count >= MaxRemembered)
                _notes.Clear();
            _notes[reportNumber] = (mark, now + MaxAge, note);
        }

        return note;
    }

    /// <summary>Reads the newest register change id (one read of the primary key's end); a new one retires every note held.</summary>
    public async Task RefreshAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var latest = await db.SubjectChanges.AsNoTracking().MaxAsync(c => (long?)c.Id, ct) ?? 0;
        if (latest == Volatile.Read(ref _mark))
            return;
        Volatile.Write(ref _mark, latest);
        _notes.Clear();
    }
}
