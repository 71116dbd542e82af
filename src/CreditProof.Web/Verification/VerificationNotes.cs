using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Transparency;
using CreditProof.Verification;

namespace CreditProof.Web.Verification;

/// <summary>What verification says beside a report issued here: the register's note and the transparency log's answer.</summary>
public sealed record VerificationNote(RegisterNote? Register, TransparencyNote? Transparency);

/// <summary>
/// The one place online verification (API, relying-party API, pages) gets the notes shown beside a report issued here,
/// each from its own bounded cache (composed here, in the web layer: Transparency builds on Verification, not the reverse): <see cref="RegisterNoteCache"/> and <see cref="TransparencyLog.NoteAsync"/>.
/// </summary>
public sealed class VerificationNotes(RegisterNoteCache register, TransparencyLog transparency)
{
    public static readonly VerificationNote None = new(null, null);

    public async Task<VerificationNote> ForAsync(VerificationOutcome outcome, ReadOnlyDatabase reads, CancellationToken ct = default)
    {
        if (!outcome.IssuedHere || outcome.Report is not { } report || ReportNumbers.ParseNumber(report.Number) is not { } number)
            return None;
        return new VerificationNote(await register.NoteAsync(reads, report.Number, ct), await transparency.NoteAsync(reads, number, ct));
    }
}
