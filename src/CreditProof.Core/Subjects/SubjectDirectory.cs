using System.Globalization;
using System.Text;
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Privacy;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Subjects;

/// <summary>Why a code cannot be served: signed in with, or reported on.</summary>
public enum SubjectProblem
{
    /// <summary>Not a valid credit code or ID number (check digits, length, characters).</summary>
    InvalidCode,

    /// <summary>Registered outside the province: the platform holds the province's records only.</summary>
    OutsideProvince,

    /// <summary>A valid code that is in neither the register nor any record.</summary>
    Unknown,

    /// <summary>注销: the register says the subject no longer exists.</summary>
    Deregistered,

    /// <summary>The identity provider verified no credit code or ID number (or no name for a new natural person).</summary>
    NoVerifiedIdentity,
}

/// <summary>A refusal that says what happened and what to do, in Chinese and English.</summary>
public sealed record SubjectRefusal(SubjectProblem Problem, string MessageZh, string MessageEn);

/// <summary>What the identity provider verified about the person signing in (claims of the unified identity authentication).</summary>
public sealed record VerifiedIdentity(string? CreditCode, string? IdNumber, string? PersonName);

public sealed record SubjectHit(Guid Id, string Name, string DisplayCode, SubjectType Type, bool InRegister, RegisterStatus? Status);

/// <summary>
/// The register's answers for the rest of the platform: who may sign in, who may be reported on, finding subjects by code
/// or name prefix, and a subject's history.
/// </summary>
public sealed class SubjectDirectory(CreditProofDbContext db, PlatformClock clock, PlatformOptions platform, PersonalDataKeys keys)
{
    public const int MaxSearchResults = 50;

    /// <summary>
    /// The subject a verified identity signs in as. An organisation must be in the register or in a record; a natural
    /// person is matched by ID number, or created from the verified name and ID number (and so enters the register).
    /// </summary>
    public async Task<(Subject? Subject, SubjectRefusal? Refusal)> SignInAsync(VerifiedIdentity identity, CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(identity.CreditCode))
        {
            var (subject, refusal) = await FindAsync(identity.CreditCode, SubjectKindHint.Organisation, ct);
            return (subject, refusal);
        }

        if (string.IsNullOrWhiteSpace(identity.IdNumber))
            return (null, NoIdentity());

        var check = ResidentId.Check(identity.IdNumber, Today);
        if (!check.IsValid)
            return (null, Invalid(check, ResidentId.Mask(check.Normalized)));
        var id = check.Normalized;
        var name = identity.PersonName?.Trim();
        var key = keys.BlindIndex(id);
        var person = await db.Subjects.SingleOrDefaultAsync(s => s.Code == key, ct);
        if (person is null && string.IsNullOrEmpty(name))
            return (null, NoIdentity());

        var now = clock.GetUtcNow().UtcDateTime;
        if (person is null)
        {
            person = new Subject
            {
                Id = Guid.CreateVersion7(),
                Code = key,
                Name = name!.Length > 200 ? name[..200] : name,
                Type = SubjectType.NaturalPerson,
                RegionCode = id[..6],
                CreatedAt = now,
            };
            keys.Protect(person, id);
            db.Subjects.Add(person);
        }
        else if (person.InRegister && (string.IsNullOrEmpty(name) || person.Name == name))
        {
            return (person, null);
        }

        // Known before only from records (the name a record wrote), or renamed: the verified name is the person's name.
        var oldName = person.Name;
        var renamed = !string.IsNullOrEmpty(name) && !string.Equals(oldName, name, StringComparison.Ordinal);
        if (renamed)
            person.Name = name!;
        db.SubjectChanges.Add(new SubjectChange
        {
            SubjectId = person.Id,
            Kind = SubjectChangeKind.IdentityVerified,
            ChangedFields = string.Join(';', new[] { person.InRegister ? null : nameof(Subject.InRegister), renamed ? nameof(Subject.Name) : null }.OfType<string>()),
            OldName = renamed && db.Entry(person).State != EntityState.Added ? oldName : null,
            NewName = renamed ? person.Name : null,
            EffectiveOn = Today,
            ChangedAt = now,
            ChangedBy = "identity-provider",
            Channel = Channel.IdentityProvider,
        });
        person.InRegister = true;
        person.RegisterUpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return (person, null);
    }

    /// <summary>
    /// The subject a report may be issued for, or why not (issuance request rules, docs/reports.md): the code must be
    /// valid; an organisation registered outside the province and not in the register is refused (the report proves
    /// records within the province only); an unknown code is refused; a deregistered (注销) subject is refused, a
    /// revoked (吊销) one is served (it still exists, and the register's status goes on the cover).
    /// </summary>
    public async Task<(Subject? Subject, SubjectRefusal? Refusal)> ForReportAsync(string code, CancellationToken ct = default)
    {
        var (subject, refusal) = await FindAsync(code, SubjectKindHint.Unknown, ct);
        if (subject is { RegisterStatus: RegisterStatus.Deregistered })
        {
            var since = subject.StatusSince is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            return (null, new SubjectRefusal(SubjectProblem.Deregistered,
                $"主体库显示“{subject.Name}”已{(since is null ? "" : "于" + since)}注销登记，主体资格已终止，不再出具专项信用报告。如需证明注销前的情况，请向登记机关申请查询登记档案；如登记状态有误，请联系登记机关更正。",
                $"The register shows that '{subject.Name}' was deregistered (注销){(since is null ? "" : " on " + since)}: the subject no longer exists, so no special credit report is issued. For its situation before deregistration, ask the registration authority for its registration file; if the status is wrong, ask the registration authority to correct it."));
        }

        return (subject, refusal);
    }

    private async Task<(Subject? Subject, SubjectRefusal? Refusal)> FindAsync(string code, SubjectKindHint hint, CancellationToken ct)
    {
        // A signed-in natural person's own pages hold the blind index, not the number: look it up as it is stored.
        if (PersonalDataKeys.IsBlindIndex(code))
        {
            return await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Code == code, ct) is { } person
                ? (person, null)
                : (null, new SubjectRefusal(SubjectProblem.Unknown, "未找到该信用主体。", "No such credit subject."));
        }

        // The operator's allow-list matters only for a code that fails its check digits: read it only then.
        var check = new SubjectCodeValidator(new HashSet<string>(StringComparer.Ordinal), clock.Time).Check(code, hint);
        if (!check.IsValid)
        {
            var allowList = await db.AllowListedCodes.Select(a => a.Code).ToHashSetAsync(StringComparer.Ordinal, ct);
            check = new SubjectCodeValidator(allowList, clock.Time).Check(code, hint);
        }

        var shown = check.Type == SubjectType.NaturalPerson || ResidentId.MaskAll(check.Code) != check.Code ? ResidentId.Mask(check.Code) : check.Code;
        if (!check.IsValid)
            return (null, Invalid(check.Check, shown));
        var stored = keys.StorageCode(check.Code);
        var subject = await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Code == stored, ct);
        var outside = check.Type != SubjectType.NaturalPerson && !check.RegionCode!.StartsWith(platform.ProvinceCode, StringComparison.Ordinal);
        if (subject is not null && (subject.InRegister || !outside))
            return (subject, null);
        if (outside)
        {
            var province = ProvinceCodes.NameOf(check.RegionCode![..2]) ?? check.RegionCode[..2];
            return (null, new SubjectRefusal(SubjectProblem.OutsideProvince,
                $"代码“{shown}”的登记地在{province}（{check.RegionCode}），不在本省。本平台的专项信用报告只证明本省范围内的记录，请向登记地所在省份的信用平台申请。",
                $"The code '{shown}' is registered in {province} ({check.RegionCode}), outside this province. This platform's special credit reports prove records within the province only: please apply to the credit platform of the province where the subject is registered."));
        }

        return (null, new SubjectRefusal(SubjectProblem.Unknown,
            $"代码“{shown}”有效，但不在本省主体库中，也没有任何记录。请核对代码；新登记的主体可能尚未同步到平台，请稍后再试或联系登记机关。",
            $"The code '{shown}' is valid but is neither in the province's subject register nor in any record. Check the code; a newly registered subject may not have reached the platform yet: try again later or contact the registration authority."));
    }

    /// <summary>Subjects whose code or name starts with the query, best first (an exact code match alone when there is one).</summary>
    public async Task<IReadOnlyList<SubjectHit>> SearchAsync(string query, int limit = 20, bool notInRegisterOnly = false, CancellationToken ct = default)
    {
        var text = query.Trim();
        limit = Math.Clamp(limit, 1, MaxSearchResults);
        // Nothing is stored with a lone surrogate, and neither database accepts one as a parameter.
        if (text.Length == 0 || !IsWellFormed(text))
            return [];
        var code = text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var subjects = db.Subjects.AsNoTracking();
        if (notInRegisterOnly)
            subjects = subjects.Where(s => !s.InRegister);
        IQueryable<Subject> matches;
        var byCode = LooksLikeCode(code);
        if (byCode)
        {
            var stored = keys.StorageCode(code);
            var exact = await Project(subjects.Where(s => s.Code == stored)).ToListAsync(ct);
            if (exact.Count > 0 || code.Length == 18)
                return exact;
            matches = StartsWith(subjects, byCode: true, code);
        }
        else
        {
            matches = StartsWith(subjects, byCode: false, text);
        }

        // A natural person is found by the full ID number only: a prefix would let anyone enumerate birth dates.
        if (byCode)
            matches = matches.Where(s => s.Type != SubjectType.NaturalPerson);
        return await Project(matches).Take(limit).ToListAsync(ct);
    }

    /// <summary>The subject with this credit code or ID number (exact), for filters such as the audit trail's "by subject".</summary>
    public Task<Guid?> FindIdAsync(string code, CancellationToken ct = default)
    {
        var stored = keys.StorageCode(code);
        return db.Subjects.AsNoTracking().Where(s => s.Code == stored).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Organisations known only from records ("not in register"), newest first, for the operator.</summary>
    public async Task<(int Count, IReadOnlyList<SubjectHit> Page)> NotInRegisterAsync(int skip, int take, CancellationToken ct = default)
    {
        var query = db.Subjects.AsNoTracking().Where(s => !s.InRegister && s.Type != SubjectType.NaturalPerson);
        var count = await query.CountAsync(ct);
        var page = await Project(query.OrderBy(s => s.Code)).Skip(skip).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        return (count, page);
    }

    /// <summary>The register's history of a subject, oldest first.</summary>
    public Task<List<SubjectChange>> HistoryAsync(Guid subjectId, CancellationToken ct = default) =>
        db.SubjectChanges.AsNoTracking().Where(c => c.SubjectId == subjectId).OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(ct);

    /// <summary>The first rename after <paramref name="sinceUtc"/> (e.g. a report's issue time), or null: "renamed since" for verification.</summary>
    public static Task<SubjectChange?> RenamedSinceAsync(CreditProofDbContext db, Guid subjectId, DateTime sinceUtc, CancellationToken ct = default) =>
        db.SubjectChanges.AsNoTracking()
            .Where(c => c.SubjectId == subjectId && c.ChangedAt > sinceUtc && c.NewName != null && c.OldName != null)
            .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).FirstOrDefaultAsync(ct);

    private DateOnly Today => clock.Today;

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                return false;
            i++;
        }

        return true;
    }

    private static bool LooksLikeCode(string text) =>
        text.Length >= 2 && text.All(c => char.IsAsciiDigit(c) || (c is >= 'A' and <= 'Z'));

    /// <summary>
    /// Prefix match that an index serves, in the order of that index: the range <c>[prefix, successor)</c> in binary
    /// (code point) order, which is SQLite's order for text and PostgreSQL's for these columns ("C" collation,
    /// <see cref="SubjectConfiguration.UseBinaryOrderOnPostgres"/>). LIKE would not do: SQLite's ignores case and skips the
    /// index, and neither database can then return "the first 20 in order" without reading every match.
    /// </summary>
    /// <summary>A prefix range, in a stable order: codes are unique; equal names are ordered by their codes.</summary>
    private static IQueryable<Subject> StartsWith(IQueryable<Subject> subjects, bool byCode, string prefix)
    {
        var upper = Successor(prefix);
        if (upper is null)
            return byCode
                ? subjects.Where(s => string.Compare(s.Code, prefix) >= 0).OrderBy(s => s.Code)
                : subjects.Where(s => string.Compare(s.Name, prefix) >= 0).OrderBy(s => s.Name).ThenBy(s => s.Code);
        return byCode
            ? subjects.Where(s => string.Compare(s.Code, prefix) >= 0 && string.Compare(s.Code, upper) < 0).OrderBy(s => s.Code)
            : subjects.Where(s => string.Compare(s.Name, prefix) >= 0 && string.Compare(s.Name, upper) < 0).OrderBy(s => s.Name).ThenBy(s => s.Code);
    }

    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/>, in code point order: the
    /// prefix with its last code point incremented (a last code point of U+10FFFF is dropped and the one before incremented);
    /// null when there is none (the prefix is all U+10FFFF). The prefix must be well-formed UTF-16.
    /// </summary>
    internal static string? Successor(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == 0x10FFFF)
                continue;
            var next = last + 1 == 0xD800 ? 0xE000 : last + 1;
            var builder = new StringBuilder(prefix.Length + 1);
            foreach (var r in runes)
                builder.Append(r.ToString());
            return builder.Append(new Rune(next).ToString()).ToString();
        }

        return null;
    }

    private static IQueryable<SubjectHit> Project(IQueryable<Subject> subjects) =>
        subjects.Select(s => new SubjectHit(s.Id, s.Name, s.Type == SubjectType.NaturalPerson ? s.MaskedCode ?? "" : s.Code, s.Type, s.InRegister, s.RegisterStatus));


    private static SubjectRefusal Invalid(CodeCheck check, string shown) => new(SubjectProblem.InvalidCode,
        $"“{shown}”不是有效的统一社会信用代码或身份证号码：{check.ProblemZh}。请核对后重新输入。",
        $"'{shown}' is not a valid unified social credit code or ID number: {check.ProblemEn}. Check it and try again.");

    private static SubjectRefusal NoIdentity() => new(SubjectProblem.NoVerifiedIdentity,
        "统一身份认证没有提供经核验的统一社会信用代码，或经核验的姓名和身份证号码，无法确定您代表哪个信用主体。请在统一身份认证平台完成法人或个人实名认证后重新登录。",
        "The identity provider verified no unified social credit code, nor a name and ID number, so the platform cannot tell which credit subject you act for. Complete the organisation or personal real-name verification at the unified identity authentication and sign in again.");
}
