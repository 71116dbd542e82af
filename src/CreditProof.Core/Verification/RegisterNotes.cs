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
