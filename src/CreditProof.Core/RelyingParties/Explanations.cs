using System.Globalization;
using CreditProof.Calendar;
using CreditProof.Notifications;
using CreditProof.Platform;
using CreditProof.Reports.Lifecycle;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.RelyingParties;

public sealed class ExplanationOptions
{
    /// <summary>Working days the record's unit has to answer.</summary>
    public int AnswerWorkingDays { get; set; } = 5;

    public int MaxQuestionLength { get; set; } = 2000;

    public int MaxAnswerLength { get; set; } = 4000;
}

/// <summary>
/// Requests for explanation (说明请求): a relying party asks about a record on a report shared with it; the request
/// goes to the record's unit's inbox with a deadline in working days; the answer goes back to the party; the subject is
/// told of the question and of the answer; a missed deadline escalates to the operators like an objection's
/// (<see cref="OverdueEscalation"/>).
/// </summary>
public sealed class Explanations(CreditProofDbContext db, PartyGrants grants, PlatformClock clock, Notifier notifier, ExplanationOptions options)
{
    public async Task<ExplanationRequest> AskAsync(int relyingPartyId, string askedBy, string reportNumber, Guid recordId, string question, CancellationToken ct = default)
    {
        question = (question ?? "").Trim();
        if (question.Length == 0 || question.Length > options.MaxQuestionLength)
            throw new WorkflowRefusedException($"请填写需要说明的问题（不超过{options.MaxQuestionLength}字）", $"give the question (at most {options.MaxQuestionLength} characters)");
        var (grant, report) = await grants.OpenAsync(relyingPartyId, reportNumber, ct);
        // Only a record the report shows: the party asks about what it was shown, nothing else of the subject.
        if (!ActiveReport.VersionsIn(report.Content).ContainsKey(recordId))
            throw new WorkflowRefusedException("该记录不在授权给贵单位的报告中", "the record is not on the report shared with you");
        var record = await db.Records.AsNoTracking().Where(r => r.Id == recordId).Select(r => new { r.UnitId, r.DocumentNumber, r.SubjectId }).SingleAsync(ct);
        var party = await db.RelyingParties.AsNoTracking().SingleAsync(p => p.Id == relyingPartyId, ct);
        var calendar = new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));
        var request = new ExplanationRequest
        {
            Id = Guid.CreateVersion7(),
            RelyingPartyId = relyingPartyId,
            GrantId = grant.Id,
            ReportNumber = report.Number,
            RecordId = recordId,
            DocumentNumber = record.DocumentNumber,
            UnitId = record.UnitId,
            SubjectId = record.SubjectId,
            Question = question,
            AskedBy = askedBy,
            AskedAt = clock.UtcNow,
            DueOn = calendar.AddWorkingDays(clock.Today, options.AnswerWorkingDays),
            Status = ExplanationStatus.Open,
        };
        db.ExplanationRequests.Add(request);
        await notifier.NotifyAsync(RecipientKind.Unit, record.UnitId.ToString(CultureInfo.InvariantCulture),
            ("报告使用方请求说明", "A relying party asks for an explanation"),
            ($"{party.Name}请求说明记录“{record.DocumentNumber}”，请于{request.DueOn:yyyy-MM-dd}前答复。问题：{question}",
             $"{party.Name} asks about record '{record.DocumentNumber}'; please answer by {request.DueOn:yyyy-MM-dd}. Question: {question}"),
            Link(request), ct);
        await notifier.NotifyAsync(RecipientKind.Subject, record.SubjectId.ToString(),
            ("报告使用方就您的记录请求说明", "A relying party asked about your record"),
            ($"{party.Name}就报告中的记录“{record.DocumentNumber}”向数源单位请求说明。问题：{question}",
             $"{party.Name} asked the data source unit about record '{record.DocumentNumber}' on your report. Question: {question}"),
            Link(request), ct);
        await db.SaveChangesAsync(ct);
        return request;
    }

    /// <summary>The record's unit answers (谁产生、谁负责: only that unit); the party and the subject are told.</summary>
    public async Task<ExplanationRequest> AnswerAsync(Actor actor, Guid requestId, string answer, CancellationToken ct = default)
    {
        var request = await db.ExplanationRequests.SingleOrDefaultAsync(e => e.Id == requestId, ct)
            ?? throw new WorkflowRefusedException("说明请求不存在", "no such request for explanation");
        if (actor.Role != ActorRole.UnitStaff || actor.UnitId != request.UnitId)
            throw new WorkflowRefusedException("只有产生该记录的数源单位可以答复", "only the unit that produced the record may answer");
        switch (request.Status)
        {
            case ExplanationStatus.Answered:
                throw new WorkflowRefusedException("该说明请求已答复", "the request was already answered");
            case ExplanationStatus.Open:
                break;
        }

        answer = (answer ?? "").Trim();
        if (answer.Length == 0 || answer.Length > options.MaxAnswerLength)
            throw new WorkflowRefusedException($"请填写答复（不超过{options.MaxAnswerLength}字）", $"give the answer (at most {options.MaxAnswerLength} characters)");
        request.Status = ExplanationStatus.Answered;
        request.Answer = answer;
        request.AnsweredBy = actor.ToString();
        request.AnsweredAt = clock.UtcNow;
        await notifier.NotifyAsync(RecipientKind.RelyingParty, request.RelyingPartyId.ToString(CultureInfo.InvariantCulture),
            ("数源单位已答复说明请求", "The unit answered your request for explanation"),
            ($"关于记录“{request.DocumentNumber}”：{answer}", $"About record '{request.DocumentNumber}': {answer}"), Link(request), ct);
        await notifier.NotifyAsync(RecipientKind.Subject, request.SubjectId.ToString(),
            ("数源单位已答复报告使用方的说明请求", "The unit answered a relying party's question about your record"),
            ($"关于记录“{request.DocumentNumber}”，数源单位答复：{answer}", $"About record '{request.DocumentNumber}', the unit answered: {answer}"), Link(request), ct);
        await db.SaveChangesAsync(ct);
        return request;
    }

    public Task<List<ExplanationRequest>> ForPartyAsync(int relyingPartyId, CancellationToken ct = default) =>
        db.ExplanationRequests.AsNoTracking().Where(e => e.RelyingPartyId == relyingPartyId).OrderByDescending(e => e.AskedAt).Take(500).ToListAsync(ct);

    public Task<List<ExplanationRequest>> ForUnitAsync(int unitId, CancellationToken ct = default) =>
        db.ExplanationRequests.AsNoTracking().Where(e => e.UnitId == unitId).OrderBy(e => e.Status).ThenBy(e => e.DueOn).Take(500).ToListAsync(ct);

    public Task<List<ExplanationRequest>> ForSubjectAsync(Guid subjectId, CancellationToken ct = default) =>
        db.ExplanationRequests.AsNoTracking().Where(e => e.SubjectId == subjectId).OrderByDescending(e => e.AskedAt).Take(500).ToListAsync(ct);

    /// <summary>Open requests past their due date go to the operators, once each (the objections' escalation).</summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken ct = default)
    {
        var open = await db.ExplanationRequests.Where(e => e.EscalatedAt == null && e.Status == ExplanationStatus.Open).ToListAsync(ct);
        var escalated = await OverdueEscalation.EscalateAsync(open, clock.Today, clock.UtcNow, notifier, e =>
            (("说明请求答复超期", "Request for explanation overdue"),
             ($"记录“{e.DocumentNumber}”的说明请求答复期限为{e.DueOn:yyyy-MM-dd}，数源单位尚未答复。", $"The unit's answer about record '{e.DocumentNumber}' was due on {e.DueOn:yyyy-MM-dd}."),
             Link(e)), ct);
        await db.SaveChangesAsync(ct);
        return escalated;
    }

    private static string Link(ExplanationRequest e) => "explanation:" + e.Id;
}
