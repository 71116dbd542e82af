using System.Buffers.Text;
using System.Formats.Cbor;
using CreditProof.Reports;
using CreditProof.Signing;

namespace CreditProof.Verification;

/// <summary>
/// Encodes and decodes the QR text: <c>{base}/v/{number}#CP1:{base64url(COSE_Sign1)}</c>. Modelled on the EU Digital
/// COVID Certificate (CWT claims in CBOR, COSE_Sign1, version prefix), but URL-shaped so a phone camera opens the
/// verification page while the fragment, which browsers never send, carries the signed payload. Byte layout: docs/qr-format.md.
/// </summary>
public static class QrPayload
{
    public const string Prefix = "CP1:";

    private static readonly System.Buffers.SearchValues<char> NumberCharacters = System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-");
    public const int ReportClaimKey = -65538;

    /// <summary>The QR carries the first 16 bytes of the SHA-256 content digest (128 bits; the full digest is stored).</summary>
    public const int DigestLength = 16;
    private const int CoseSign1Tag = 18;
    private const int HeaderAlg = 1;
    private const int HeaderKid = 4;
    private const int ClaimIss = 1;
    private const int ClaimExp = 4;
    private const int ClaimIat = 6;

    /// <summary>The URL the QR code opens, with the signed payload in its fragment.</summary>
    public static string ToText(string publicBaseUrl, string number, byte[] coseSign1) =>
        $"{publicBaseUrl.TrimEnd('/')}/v/{number}#{Prefix}{Base64Url.EncodeToString(coseSign1)}";

    /// <summary>Builds and signs the COSE_Sign1 structure.</summary>
    public static byte[] Sign(ReportClaims claims, LoadedKey key)
    {
        var protectedHeader = ProtectedHeader(key.Algorithm.CoseIdentifier(), key.KeyIdBytes);
        var payload = EncodeClaims(claims);
        return CoseSign1(protectedHeader, payload, key.Sign(SigStructure(protectedHeader, payload)));
    }

    /// <summary>The tagged COSE_Sign1 array: protected header, empty unprotected header, payload, signature.</summary>
    internal static byte[] CoseSign1(byte[] protectedHeader, byte[] payload, byte[] signature)
    {
        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteTag((CborTag)CoseSign1Tag);
        w.WriteStartArray(4);
        w.WriteByteString(protectedHeader);
        w.WriteStartMap(0);
        w.WriteEndMap();
        w.WriteByteString(payload);
        w.WriteByteString(signature);
        w.WriteEndArray();
        return w.Encode();
    }

    public static byte[] EncodeClaims(ReportClaims c)
    {
        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteStartMap(4);
        w.WriteInt32(ClaimIss);
        w.WriteTextString(c.Issuer);
        w.WriteInt32(ClaimExp);
        w.WriteInt64(c.ExpiresAt.ToUnixTimeSeconds());
        w.WriteInt32(ClaimIat);
        w.WriteInt64(c.IssuedAt.ToUnixTimeSeconds());
        w.WriteInt32(ReportClaimKey);
        var asOfDiffers = c.DataAsOf.ToUnixTimeSeconds() != c.IssuedAt.ToUnixTimeSeconds();
        w.WriteStartMap(8 + (asOfDiffers ? 1 : 0) + (c.StatusIndex is null ? 0 : 1) + (c.TemplateVersion is null ? 0 : 1) + (c.IncompleteDomainIds.Count == 0 ? 0 : 1));
        w.WriteInt32(1);
        w.WriteByteString(NumberBytes(c.Number));
        w.WriteInt32(2);
        w.WriteTextString(c.SubjectCode);
        w.WriteInt32(3);
        w.WriteTextString(c.SubjectName);
        w.WriteInt32(4);
        w.WriteInt32(c.From.DayNumber - UnixEpochDay);
        w.WriteInt32(5);
        w.WriteInt32(c.To.DayNumber - UnixEpochDay);
        w.WriteInt32(6);
        w.WriteByteString(DomainBitmap(c.DomainIds));
        w.WriteInt32(7);
        w.WriteStartMap(c.RecordCounts.Count);
        foreach (var (domain, count) in c.RecordCounts.OrderBy(p => p.Key))
        {
            w.WriteInt32(domain);
            w.WriteInt32(count);
        }

        w.WriteEndMap();
        w.WriteInt32(8);
        w.WriteByteString(c.ContentDigest.AsSpan(0, DigestLength));
        if (asOfDiffers)
        {
            w.WriteInt32(10);
            w.WriteInt64(c.DataAsOf.ToUnixTimeSeconds());
        }

        if (c.StatusIndex is { } index)
        {
            w.WriteInt32(11);
            w.WriteInt32(index);
        }

        if (c.TemplateVersion is { } template)
        {
            w.WriteInt32(12);
            w.WriteTextString(template);
        }

        // Claim 13, only when a chosen domain's data is incomplete (no conclusion is drawn for it): the same bitmap as claim 6.
        if (c.IncompleteDomainIds.Count > 0)
        {
            w.WriteInt32(13);
            w.WriteByteString(DomainBitmap(c.IncompleteDomainIds));
        }

        w.WriteEndMap();
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>Splits QR text (a full URL or just <c>CP1:…</c>) into its parts; throws <see cref="QrPayloadException"/> when malformed.</summary>
    public static DecodedPayload Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        string? urlNumber = null;
        string? urlBase = null;
        var at = text.IndexOf("#" + Prefix, StringComparison.Ordinal);
        string encoded;
        if (at >= 0)
        {
            encoded = text[(at + 1 + Prefix.Length)..];
            // The address is not signed: it must be exactly {base}/v/{number} — an http(s) URL without user info, query or
            // anything after the number — or the text is no report code (the number is then compared with the signed one).
            var path = text[..at];
            var v = path.LastIndexOf("/v/", StringComparison.Ordinal);
            if (v < 0 || !Uri.TryCreate(path, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.UserInfo.Length > 0
                || uri.Query.Length > 0 || path.AsSpan(v + 3).ContainsAnyExcept(NumberCharacters) || path.Length == v + 3)
                throw new QrPayloadException("The address before the payload is not a report link ({base}/v/{number}).");
            urlNumber = path[(v + 3)..];
            urlBase = path[..v];
        }
        else if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            encoded = text[Prefix.Length..];
        }
        else
        {
            throw new QrPayloadException($"Not a CreditProof report code: expected a URL with '#{Prefix}' or text starting with '{Prefix}'.");
        }

        byte[] cose;
        try
        {
            cose = Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException)
        {
            throw new QrPayloadException("The payload is not base64url.");
        }

        try
        {
            var r = new CborReader(cose, CborConformanceMode.Lax);
            if (r.PeekState() == CborReaderState.Tag && r.ReadTag() != (CborTag)CoseSign1Tag)
                throw new QrPayloadException("The payload is not a COSE_Sign1 structure (tag 18).");
            if (r.ReadStartArray() != 4)
                throw new QrPayloadException("COSE_Sign1 must be an array of 4.");
            var protectedHeader = r.ReadByteString();
            r.SkipValue();
            var payload = r.ReadByteString();
            var signature = r.ReadByteString();
            r.ReadEndArray();
            if (r.BytesRemaining != 0)
                throw new QrPayloadException("Trailing bytes after COSE_Sign1.");

            var (alg, kid) = ReadProtectedHeader(protectedHeader);
            return new DecodedPayload(urlNumber, urlBase, protectedHeader, payload, signature, alg, kid, DecodeClaims(payload));
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException or ArgumentException
                                       or (FormatException and not QrPayloadException))
        {
            throw new QrPayloadException($"The payload does not have the expected structure: {e.Message}");
        }
    }

    internal static byte[] SigStructure(byte[] protectedHeader, byte[] payload)
    {
        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteStartArray(4);
        w.WriteTextString("Signature1");
        w.WriteByteString(protectedHeader);
        w.WriteByteString([]);
        w.WriteByteString(payload);
        w.WriteEndArray();
        return w.Encode();
    }

    private static byte[] ProtectedHeader(int alg, byte[] kid)
    {
        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteStartMap(2);
        w.WriteInt32(HeaderAlg);
        w.WriteInt32(alg);
        w.WriteInt32(HeaderKid);
        w.WriteByteString(kid);
        w.WriteEndMap();
        return w.Encode();
    }

    private static (long Alg, byte[] Kid) ReadProtectedHeader(byte[] header)
    {
        var r = new CborReader(header, CborConformanceMode.Lax);
        long? alg = null;
        byte[]? kid = null;
        var n = r.ReadStartMap();
        for (var i = 0; n is null || i < n; i++)
        {
            if (n is null && r.PeekState() == CborReaderState.EndMap)
                break;
            switch (r.ReadInt64())
            {
                case HeaderAlg:
                    alg = r.ReadInt64();
                    break;
                case HeaderKid:
                    kid = r.ReadByteString();
                    break;
                default:
                    r.SkipValue();
                    break;
            }
        }

        r.ReadEndMap();
        return (alg ?? throw new QrPayloadException("The protected header has no algorithm."), kid ?? throw new QrPayloadException("The protected header has no key id."));
    }

    public static ReportClaims DecodeClaims(byte[] payload)
    {
        var r = new CborReader(payload, CborConformanceMode.Lax);
        string? iss = null;
        long? exp = null, iat = null;
        ReportClaims? report = null;
        var n = r.ReadStartMap() ?? throw new QrPayloadException("Indefinite-length claims are not used.");
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadInt64())
            {
                case ClaimIss:
                    iss = r.ReadTextString();
                    break;
                case ClaimExp:
                    exp = r.ReadInt64();
                    break;
                case ClaimIat:
                    iat = r.ReadInt64();
                    break;
                case ReportClaimKey:
                    report = ReadReportClaim(r);
                    break;
                default:
                    r.SkipValue();
                    break;
            }
        }

        r.ReadEndMap();
        if (report is null || iss is null || exp is null || iat is null)
            throw new QrPayloadException("The claims lack iss, exp, iat or the report claim.");
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat.Value);
        return report with
        {
            Issuer = iss,
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(exp.Value),
            IssuedAt = issuedAt,
            // Omitted when the data were read at the issue time (the usual case).
            DataAsOf = report.DataAsOf == default ? issuedAt : report.DataAsOf,
        };
    }

    private static ReportClaims ReadReportClaim(CborReader r)
    {
        string? number = null, code = null, name = null;
        int? from = null, to = null;
        byte[]? bitmap = null, digest = null, incomplete = null;
        long? asOf = null;
        int? statusIndex = null;
        string? templateVersion = null;
        var counts = new Dictionary<int, int>();
        var n = r.ReadStartMap() ?? throw new QrPayloadException("Indefinite-length report claim is not used.");
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadInt64())
            {
                case 1: number = NumberText(r.ReadByteString()); break;
                case 2: code = r.ReadTextString(); break;
                case 3: name = r.ReadTextString(); break;
                case 4: from = r.ReadInt32(); break;
                case 5: to = r.ReadInt32(); break;
                case 6: bitmap = r.ReadByteString(); break;
                case 7:
                    var m = r.ReadStartMap() ?? throw new QrPayloadException("Indefinite-length counts are not used.");
                    for (var j = 0; j < m; j++)
                        counts[r.ReadInt32()] = r.ReadInt32();
                    r.ReadEndMap();
                    break;
                case 8: digest = r.ReadByteString(); break;
                case 10: asOf = r.ReadInt64(); break;
                case 11: statusIndex = r.ReadInt32(); break;
                case 12: templateVersion = r.ReadTextString(); break;
                case 13: incomplete = r.ReadByteString(); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        if (number is null || code is null || name is null || from is null || to is null || bitmap is null || digest is null)
            throw new QrPayloadException("The report claim lacks a required field (1–6, 8).");
        return new ReportClaims
        {
            Issuer = "",
            IssuedAt = default,
            ExpiresAt = default,
            Number = number,
            SubjectCode = code,
            SubjectName = name,
            From = DateOnly.FromDayNumber(checked(from.Value + UnixEpochDay)),
            To = DateOnly.FromDayNumber(checked(to.Value + UnixEpochDay)),
            DomainIds = DomainIdsOf(bitmap),
            RecordCounts = counts,
            ContentDigest = digest,
            DataAsOf = asOf is null ? default : DateTimeOffset.FromUnixTimeSeconds(asOf.Value),
            StatusIndex = statusIndex,
            TemplateVersion = templateVersion,
            IncompleteDomainIds = incomplete is null ? [] : DomainIdsOf(incomplete),
        };
    }

    /// <summary>Bit (id − 1) set for each chosen domain id; byte i, most significant bit first.</summary>
    public static byte[] DomainBitmap(IEnumerable<int> ids)
    {
        var list = ids.ToList();
        var bitmap = new byte[list.Count == 0 ? 0 : ((list.Max() - 1) / 8) + 1];
        foreach (var id in list)
        {
            if (id < 1)
                throw new ArgumentOutOfRangeException(nameof(ids), id, "Domain ids start at 1.");
            bitmap[(id - 1) / 8] |= (byte)(0x80 >> ((id - 1) % 8));
        }

        return bitmap;
    }

    public static IReadOnlyList<int> DomainIdsOf(ReadOnlySpan<byte> bitmap)
    {
        var ids = new List<int>();
        for (var i = 0; i < bitmap.Length * 8; i++)
        {
            if ((bitmap[i / 8] & (0x80 >> (i % 8))) != 0)
                ids.Add(i + 1);
        }

        return ids;
    }

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>The 16 base-32 symbols of a report number packed into 10 bytes (5 bits each, most significant first).</summary>
    public static byte[] NumberBytes(string number)
    {
        if (number.Length != 16)
            throw new ArgumentException("A report number has 16 symbols.", nameof(number));
        UInt128 value = 0;
        foreach (var c in number)
        {
            var v = ReportNumbers.Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v < 0)
                throw new ArgumentException($"'{c}' is not a report number symbol.", nameof(number));
            value = (value << 5) | (uint)v;
        }

        var bytes = new byte[10];
        for (var i = 9; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }

        return bytes;
    }

    public static string NumberText(byte[] bytes)
    {
        if (bytes.Length != 10)
            throw new QrPayloadException("The report number must be 10 bytes.");
        UInt128 value = 0;
        foreach (var b in bytes)
            value = (value << 8) | b;
        var chars = new char[16];
        for (var i = 15; i >= 0; i--)
        {
            chars[i] = ReportNumbers.Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }
}

/// <summary>The parts of a decoded QR text, before any signature check.</summary>
public sealed record DecodedPayload(
    string? UrlNumber, string? UrlBase, byte[] ProtectedHeader, byte[] Payload, byte[] Signature, long Algorithm, byte[] KeyId, ReportClaims Claims);

public sealed class QrPayloadException(string message) : FormatException(message);
