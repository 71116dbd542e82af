using System.Formats.Cbor;
using System.IO.Compression;
using CreditProof.Reports;
using CreditProof.Signing;

namespace CreditProof.Verification;

/// <summary>
/// Every issued report's status in 2 bits, indexed by the report's status index (IETF Token Status List,
/// draft-ietf-oauth-status-list §4.1: byte <c>i / 4</c>, bits from the least significant end; 0 valid, 1 revoked,
/// 2 suspended, 3 superseded). The list covers every index allocated so far, issued or reserved, so a verifier can
/// tell "valid" from "no statement": an index beyond the list is out of bounds, and the draft (§8.3 step 1) says such
/// a token MUST be rejected. One million reports take 250 KB, a few KB compressed. Immutable: <see cref="With"/> copies.
/// </summary>
public sealed class StatusList
{
    public const int Bits = 2;

    // RFC 1950 of no data: header 78 DA (best compression), one final fixed-Huffman block holding only its end
    // (03 00), Adler-32 of nothing (00 00 00 01). .NET's ZLibStream writes no bytes at all when given none.
    private static readonly byte[] EmptyZlib = [0x78, 0xDA, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
    private readonly byte[] _bytes;

    public StatusList(byte[] bytes) => _bytes = bytes;

    public static StatusList Empty { get; } = new([]);

    /// <summary>Number of indexes the list covers (a whole number of bytes).</summary>
    public int Capacity => _bytes.Length * 4;

    /// <summary>The status at <paramref name="index"/>, or null when the index is out of bounds (no statement can be made).</summary>
    public ReportStatus? StatusOf(long index) => index < 0 || index >> 2 >= _bytes.Length
        ? null
        : (ReportStatus)((_bytes[index >> 2] >> (int)((index & 3) * Bits)) & 0b11);

    /// <summary>A copy with the given statuses set, covering at least <paramref name="size"/> indexes (grown as needed).</summary>
    public StatusList With(IEnumerable<(int Index, ReportStatus Status)> changes, long size = 0)
    {
        var list = changes as IReadOnlyCollection<(int Index, ReportStatus Status)> ?? changes.ToList();
        var needed = (int)Math.Max(_bytes.Length, Math.Max(list.Count == 0 ? 0 : (list.Max(c => c.Index) >> 2) + 1, (size + 3) >> 2));
        if (list.Count == 0 && needed == _bytes.Length)
            return this;
        var bytes = new byte[needed];
        _bytes.CopyTo(bytes, 0);
        foreach (var (index, status) in list)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            var shift = (index & 3) * Bits;
            bytes[index >> 2] = (byte)((bytes[index >> 2] & ~(0b11 << shift)) | ((int)status << shift));
        }

        return new StatusList(bytes);
    }

    /// <summary>The <c>lst</c> of the token: the bytes, DEFLATE in the ZLIB format (RFC 1950), best compression (§4.1 step 4); never empty.</summary>
    public byte[] Compress()
    {
        if (_bytes.Length == 0)
            return [.. EmptyZlib];
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(_bytes);
        return buffer.ToArray();
    }

    /// <summary>Reads a <c>lst</c>; refuses what is not a ZLIB stream or inflates beyond 16 MiB (64 Mi reports).</summary>
    public static StatusList Decompress(ReadOnlySpan<byte> lst)
    {
        const int MaxBytes = 16 << 20;
        if (lst.Length < 2 || (lst[0] & 0x0F) != 8 || ((lst[0] << 8) | lst[1]) % 31 != 0)
            throw new InvalidDataException("The status list's lst is not a ZLIB stream (RFC 1950).");
        using var input = new MemoryStream(lst.ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = zlib.Read(chunk)) > 0)
        {
            if (output.Length + read > MaxBytes)
                throw new InvalidDataException($"The status list inflates beyond {MaxBytes >> 20} MiB.");
            output.Write(chunk, 0, read);
        }

        return new StatusList(output.ToArray());
    }
}

/// <summary>A status list as a signed CWT (<c>application/statuslist+cwt</c>) and what verifying one yields.</summary>
public sealed record StatusListToken(string Subject, string Issuer, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, TimeSpan TimeToLive, StatusList List, string KeyId)
{
    public const string MediaType = "application/statuslist+cwt";
    private const int CoseSign1Tag = 18;
    private const int ClaimIss = 1;
    private const int ClaimSub = 2;
    private const int ClaimExp = 4;
    private const int ClaimIat = 6;
    private const int ClaimTtl = 65534;
    private const int ClaimStatusList = 65533;

    /// <summary>
    /// COSE_Sign1 over the CWT claims <c>{1: iss, 2: sub (the list's URL), 6: iat, 4: exp, 65534: ttl, 65533: {"bits": 2, "lst": bstr}}</c>,
    /// protected header <c>{1: alg, 4: kid, 16: "application/statuslist+cwt"}</c>.
    /// </summary>
    public static byte[] Sign(StatusList list, string issuer, string subjectUrl, DateTimeOffset now, TimeSpan validity, TimeSpan ttl, LoadedKey key)
    {
        var header = new CborWriter(CborConformanceMode.Lax);
        header.WriteStartMap(3);
        header.WriteInt32(1);
        header.WriteInt32(key.Algorithm.CoseIdentifier());
        header.WriteInt32(4);
        header.WriteByteString(key.KeyIdBytes);
        header.WriteInt32(16);
        header.WriteTextString(MediaType);
        header.WriteEndMap();
        var protectedHeader = header.Encode();

        var claims = new CborWriter(CborConformanceMode.Lax);
        claims.WriteStartMap(6);
        claims.WriteInt32(ClaimIss);
        claims.WriteTextString(issuer);
        claims.WriteInt32(ClaimSub);
        claims.WriteTextString(subjectUrl);
        claims.WriteInt32(ClaimIat);
        claims.WriteInt64(now.ToUnixTimeSeconds());
        claims.WriteInt32(ClaimExp);
        claims.WriteInt64(now.Add(validity).ToUnixTimeSeconds());
        claims.WriteInt32(ClaimTtl);
        claims.WriteInt64((long)ttl.TotalSeconds);
        claims.WriteInt32(ClaimStatusList);
        claims.WriteStartMap(2);
        claims.WriteTextString("bits");
        claims.WriteInt32(StatusList.Bits);
        claims.WriteTextString("lst");
        claims.WriteByteString(list.Compress());
        claims.WriteEndMap();
        claims.WriteEndMap();
        var payload = claims.Encode();

        return QrPayload.CoseSign1(protectedHeader, payload, key.Sign(QrPayload.SigStructure(protectedHeader, payload)));
    }

    /// <summary>Checks the token's signature against the trust list and its expiry; throws <see cref="InvalidDataException"/> saying why not.</summary>
    public static StatusListToken Verify(byte[] token, TrustList trust, DateTimeOffset now)
    {
        try
        {
            var r = new CborReader(token, CborConformanceMode.Lax);
            if (r.PeekState() == CborReaderState.Tag && r.ReadTag() != (CborTag)CoseSign1Tag)
                throw new InvalidDataException("The status list is not a COSE_Sign1 structure.");
            r.ReadStartArray();
            var protectedHeader = r.ReadByteString();
            r.SkipValue();
            var payload = r.ReadByteString();
            var signature = r.ReadByteString();
            r.ReadEndArray();

            var (alg, kid, type) = ReadHeader(protectedHeader);
            if (!string.Equals(type, MediaType, StringComparison.Ordinal))
                throw new InvalidDataException($"The token's type is '{type}', not {MediaType}.");
            var key = trust.Find(kid) ?? throw new InvalidDataException($"The status list is signed by key {Convert.ToHexStringLower(kid)}, which is not in the trust list.");
            if (SigningAlgorithms.FromCoseIdentifier(alg) != key.Algorithm)
                throw new InvalidDataException($"The status list's algorithm {alg} does not match key {key.Id}.");
            using (var verifier = SignatureAlgorithms.CreateVerifier(key.Algorithm, key.PublicKey))
            {
                if (!verifier.Verify(QrPayload.SigStructure(protectedHeader, payload), signature))
                    throw new InvalidDataException("The status list's signature is not valid.");
            }

            var token2 = ReadClaims(payload, key.Id);
            if (key.Issuer is { } keyIssuer && !string.Equals(keyIssuer, token2.Issuer, StringComparison.Ordinal))
                throw new InvalidDataException($"The status list claims issuer {token2.Issuer} but is signed with a key of {keyIssuer}.");
            if (now >= token2.ExpiresAt)
                throw new InvalidDataException($"The status list expired at {token2.ExpiresAt:u}; fetch a fresh one.");
            return token2;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The status list is malformed: {e.Message}");
        }
    }

    private static (long Alg, byte[] Kid, string? Type) ReadHeader(byte[] header)
    {
        var r = new CborReader(header, CborConformanceMode.Lax);
        long alg = 0;
        byte[] kid = [];
        string? type = null;
        var n = r.ReadStartMap() ?? throw new InvalidDataException("Indefinite-length header.");
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadInt64())
            {
                case 1: alg = r.ReadInt64(); break;
                case 4: kid = r.ReadByteString(); break;
                case 16: type = r.ReadTextString(); break;
                default: r.SkipValue(); break;
            }
        }

        return (alg, kid, type);
    }

    private static StatusListToken ReadClaims(byte[] payload, string keyId)
    {
        var r = new CborReader(payload, CborConformanceMode.Lax);
        string? iss = null, sub = null;
        long? iat = null, exp = null, ttl = null;
        StatusList? list = null;
        var n = r.ReadStartMap() ?? throw new InvalidDataException("Indefinite-length claims.");
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadInt64())
            {
                case ClaimIss: iss = r.ReadTextString(); break;
                case ClaimSub: sub = r.ReadTextString(); break;
                case ClaimIat: iat = r.ReadInt64(); break;
                case ClaimExp: exp = r.ReadInt64(); break;
                case ClaimTtl: ttl = r.ReadInt64(); break;
                case ClaimStatusList:
                    var m = r.ReadStartMap() ?? throw new InvalidDataException("Indefinite-length status_list.");
                    int? bits = null;
                    byte[]? lst = null;
                    for (var j = 0; j < m; j++)
                    {
                        switch (r.ReadTextString())
                        {
                            case "bits": bits = r.ReadInt32(); break;
                            case "lst": lst = r.ReadByteString(); break;
                            default: r.SkipValue(); break;
                        }
                    }

                    r.ReadEndMap();
                    if (bits != StatusList.Bits || lst is null)
                        throw new InvalidDataException($"Expected a status list of {StatusList.Bits} bits per entry.");
                    list = StatusList.Decompress(lst);
                    break;
                default: r.SkipValue(); break;
            }
        }

        if (iss is null || sub is null || iat is null || exp is null || list is null)
            throw new InvalidDataException("The status list token lacks iss, sub, iat, exp or status_list.");
        return new StatusListToken(sub, iss, DateTimeOffset.FromUnixTimeSeconds(iat.Value), DateTimeOffset.FromUnixTimeSeconds(exp.Value),
            TimeSpan.FromSeconds(ttl ?? 0), list, keyId);
    }
}
