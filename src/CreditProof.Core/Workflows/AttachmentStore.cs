using System.Security.Cryptography;

namespace CreditProof.Workflows;

public sealed record AttachmentUpload(string FileName, string ContentType, byte[] Content);

/// <summary>An evidence file as kept: the name the person gave it, the detected type, its size and content hash.</summary>
public sealed record StoredAttachment(string FileName, string ContentType, long Size, string Sha256);

/// <summary>An evidence file of a workflow step, with whose it is: the subject that uploaded it and the unit that decides.</summary>
public sealed record EvidenceFile(string FileName, string ContentType, string Sha256, Guid SubjectId, int UnitId);

/// <summary>
/// Keeps evidence files (of objections and repair applications alike) by SHA-256 under one folder. The user's file name
/// never becomes a path, the type is judged by the file's first bytes (not by what the browser claims), and size and
/// count are limited: the one definition of what evidence a subject may upload.
/// </summary>
public sealed class AttachmentStore(string directory, long maxBytes = 10 * 1024 * 1024, int maxFiles = 5)
{
    private static readonly (string ContentType, byte[] Magic)[] Allowed =
    [
        ("application/pdf", "%PDF-"u8.ToArray()),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
    ];

    public long MaxBytes => maxBytes;

    public int MaxFiles => maxFiles;

    /// <summary>Checks an upload: the detected content type, or a bilingual reason for refusing it.</summary>
    public (string? ContentType, string? ProblemZh, string? ProblemEn) Inspect(AttachmentUpload upload)
    {
        if (upload.Content.Length == 0)
            return (null, $"附件“{upload.FileName}”为空", $"attachment '{upload.FileName}' is empty");
        if (upload.Content.LongLength > maxBytes)
            return (null, $"附件“{upload.FileName}”超过 {maxBytes / 1048576} MB", $"attachment '{upload.FileName}' is larger than {maxBytes / 1048576} MB");
        foreach (var (type, magic) in Allowed)
        {
            if (upload.Content.AsSpan().StartsWith(magic))
                return (type, null, null);
        }

        return (null, $"附件“{upload.FileName}”不是 PDF、PNG 或 JPEG 文件", $"attachment '{upload.FileName}' is not a PDF, PNG or JPEG file");
    }

    /// <summary>Checks every upload first (count, size, type), then stores them; a refusal stores nothing.</summary>
    public async Task<IReadOnlyList<StoredAttachment>> StoreAllAsync(IReadOnlyList<AttachmentUpload> files, CancellationToken ct)
    {
        if (files.Count > maxFiles)
            throw new WorkflowRefusedException($"附件最多{maxFiles}个", $"at most {maxFiles} attachments");
        var checkedFiles = new List<(AttachmentUpload File, string ContentType)>();
        foreach (var file in files)
        {
            var (contentType, problemZh, problemEn) = Inspect(file);
            if (contentType is null)
                throw new WorkflowRefusedException(problemZh!, problemEn!);
            checkedFiles.Add((file, contentType));
        }

        var stored = new List<StoredAttachment>();
        foreach (var (file, contentType) in checkedFiles)
            stored.Add(new StoredAttachment(Path.GetFileName(file.FileName), contentType, file.Content.LongLength, await SaveAsync(file.Content, ct)));
        return stored;
    }

    public async Task<string> SaveAsync(byte[] content, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = PathFor(hash);
        if (File.Exists(path))
            return hash;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: true);
        return hash;
    }

    public Stream Open(string sha256) => File.OpenRead(PathFor(sha256));

    /// <summary>Opens the file for an actor <see cref="EvidenceAccess"/> lets in; someone else's evidence looks the same as none.</summary>
    public Stream OpenFor(Actor actor, EvidenceFile? file) =>
        file is not null && EvidenceAccess.MayOpen(actor, file.SubjectId, file.UnitId)
            ? Open(file.Sha256)
            : throw new WorkflowRefusedException("附件不存在或您无权查看", "no such attachment, or you may not open it");

    private string PathFor(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        return Path.Combine(directory, sha256[..2], sha256);
    }
}

/// <summary>
/// Who may open a workflow's evidence: the subject who uploaded it, staff of the unit that decides on it, and the
/// operator. Everyone else (another subject, another unit, window staff, auditors, relying parties) is refused.
/// </summary>
public static class EvidenceAccess
{
    public static bool MayOpen(Actor actor, Guid subjectId, int unitId) => actor.Role switch
    {
        ActorRole.Subject => actor.SubjectId == subjectId,
        ActorRole.UnitStaff => actor.UnitId == unitId,
        ActorRole.Operator => true,
        ActorRole.WindowStaff or ActorRole.Auditor or ActorRole.System or ActorRole.RelyingPartyStaff => false,
    };
}
