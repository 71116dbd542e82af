using System.Collections.Concurrent;
using CreditProof.Records;
using CreditProof.Rendering;
using CreditProof.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditProof.Tests.Reports;

/// <summary>The PDF as other tools read it: qpdf and MuPDF find nothing to fix, poppler extracts every character.</summary>
[Trait("Category", "Database")]
public sealed class ReportPdfQualityTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static readonly string[] Closing = ["、", "，", "。", "；", "：", "！", "？", "）", "」", "』", "】", "》", "〕", ",", ".", ")"];

    [Fact]
    public async Task The_signed_report_declares_its_language_title_display_and_that_it_is_tagged()
    {
        // Issue 17 (WCAG / PDF-UA basics): no /Lang, so screen readers read the Chinese with the reader's default voice.
        var subject = await fixture.AddSubjectAsync("太原市语言声明测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });
        var root = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("mutool", "show", path, "trailer/Root"));
        Assert.True(root.ExitCode == 0, root.All);
        Assert.Contains("/Lang (zh-CN)", root.Out, StringComparison.Ordinal);
        Assert.Contains("/StructTreeRoot", root.Out, StringComparison.Ordinal);
        var markInfo = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("mutool", "show", path, "trailer/Root/MarkInfo"));
        Assert.Matches(@"/Marked true", markInfo.Out);
        var preferences = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("mutool", "show", path, "trailer/Root/ViewerPreferences"));
        Assert.Matches(@"/DisplayDocTitle true", preferences.Out);
    }

    [Fact]
    public async Task Qpdf_check_and_mutool_find_no_warning_in_a_signed_report_with_records()
    {
        var subject = await fixture.AddSubjectAsync("太原市无警告测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "并市监罚〔2025〕31号", new DateOnly(2025, 3, 1));
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        var (qpdf, mutool) = PdfTools.WithFile(report.Pdf, path =>
            (PdfTools.Run("qpdf", "--check", path), PdfTools.Run("mutool", "clean", "-s", "-gg", path, path + ".clean.pdf")));

        Assert.True(qpdf.ExitCode == 0, qpdf.All);
        Assert.DoesNotContain("WARNING", qpdf.All, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("No syntax or stream encoding errors found", qpdf.Out);
        Assert.True(mutool.ExitCode == 0, mutool.All);
        Assert.Equal("", mutool.Error.Trim()); // MuPDF said "premature end of data in flate filter" for PDFsharp's streams
    }

    [Fact]
    public async Task One_save_compresses_the_report_font_its_ToUnicode_map_and_every_page()
    {
        // Issue 19: the document is saved once; the fonts PDFsharp subsets while saving are prepared and compressed before.
        var subject = await fixture.AddSubjectAsync("太原市单次保存测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });
        var json = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("qpdf", "--json=2", "--json-key=qpdf", path));
        Assert.True(json.ExitCode == 0, json.All);
        var objects = System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("qpdf")[1].EnumerateObject()
            .Where(o => o.Name.StartsWith("obj:", StringComparison.Ordinal)).ToDictionary(o => o.Name[4..], o => o.Value);
        static string? Name(System.Text.Json.JsonElement dictionary, string key) =>
            dictionary.TryGetProperty(key, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
        var streams = objects.Where(o => o.Value.TryGetProperty("stream", out _)).ToDictionary(o => o.Key, o => o.Value.GetProperty("stream").GetProperty("dict"));
        var mainFont = objects.Values.Where(o => o.TryGetProperty("value", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Object
                && Name(v, "/Type") == "/Font" && Name(v, "/Subtype") == "/Type0" && Name(v, "/BaseFont")!.EndsWith("-CreditProof", StringComparison.Ordinal))
            .Select(o => o.GetProperty("value")).Single();
        Assert.Equal("/FlateDecode", Name(streams[Name(mainFont, "/ToUnicode")!], "/Filter"));
        var fontPrograms = streams.Values.Where(d => d.TryGetProperty("/Length1", out _)).ToList();
        Assert.Contains(fontPrograms, d => Name(d, "/Filter") == "/FlateDecode" && d.GetProperty("/Length1").GetInt32() > 10_000);
        // What stays plain: the XMP metadata (PDF/A) and the seal form the signature adds while saving (its face is drawn before).
        var plainBytes = streams.Values.Where(d => Name(d, "/Filter") is null && Name(d, "/Type") != "/Metadata").Sum(d => d.GetProperty("/Length").GetInt32());
        Assert.True(plainBytes < 4 * 1024, $"{plainBytes} bytes of streams left uncompressed");
    }

    [Fact]
    public void Zlib_streams_carry_the_Adler32_checksum_RFC_1950_requires()
    {
        var data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("专项信用报告 BT /F0 10 Tf ET\n", 200)));
        var zlib = PdfStreams.Zlib(data);
        Assert.Equal(0x78, zlib[0]);
        Assert.Equal(0, ((zlib[0] << 8) | zlib[1]) % 31);
        using var inflated = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(new MemoryStream(zlib), System.IO.Compression.CompressionMode.Decompress))
            z.CopyTo(inflated);
        Assert.Equal(data, inflated.ToArray());
        uint a = 1, b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }

        Assert.Equal((b << 16) | a, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(zlib.AsSpan(^4)));
    }

    [Fact]
    public async Task A_character_beyond_the_main_font_comes_from_the_fallback_font_and_pdftotext_extracts_it()
    {
        // 𠮷 (U+20BB7, CJK Extension B) is in neither face of wqy-microhei; fonts-hanazono has it. PDFsharp wrote its ToUnicode
        // entry as <20BB7>, which pdftotext read as ₻ (U+20BB): the test reads the text back with poppler.
        var subject = await fixture.AddSubjectAsync("𠮷祥（太原）餐饮有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        var (text, fonts) = PdfTools.WithFile(report.Pdf, path => (PdfTools.Run("pdftotext", "-enc", "UTF-8", path, "-"), PdfTools.Run("pdffonts", path)));
        Assert.Contains("𠮷祥（太原）餐饮有限公司", text.Out);
        Assert.Contains("CreditProofFallback-20BB7", fonts.Out);
        Assert.Empty(PdfText.RenderErrors(report.Pdf));
    }

    [Fact]
    public async Task A_character_no_installed_font_has_is_named_in_a_warning_of_the_issuance_log()
    {
        var logs = new ListLogger();
        await using var services = ReportFixture.Build(fixture.Database.Settings, fixture.Time, configure: s => s.AddSingleton<ILoggerProvider>(logs));
        // U+30000 (CJK Extension G, Unicode 13) is newer than every font the tests install.
        var subject = await fixture.AddSubjectAsync("\U00030000记（太原）商贸有限公司");
        await using var scope = services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(ReportIssuer), StringComparison.Ordinal));
        Assert.Contains("U+30000", warning.Message);
        Assert.Contains(report.ReportNumber, warning.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("U+8BB0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_line_of_the_report_starts_with_closing_punctuation()
    {
        var subject = await fixture.AddSubjectAsync("太原市标点禁则测试有限公司");
        // Commas and full stops every 2, 3, 5 and 7 characters: a line breaking by width alone lands before one.
        string Pattern(int every, int count) => string.Concat(Enumerable.Range(0, count).Select(i => i % every == every - 1 ? (i % 2 == 0 ? "，" : "。") : "违"));
        for (var i = 0; i < 4; i++)
        {
            var every = new[] { 2, 3, 5, 7 }[i];
            await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", $"并市监罚〔2025〕4{i}号", new DateOnly(2025, 3, 1 + i), r =>
            {
                r.Facts = Pattern(every, 160);
                r.LegalBasis = "依据《中华人民共和国市场主体登记管理条例》第四十六条、第四十七条（简称“条例”）、《企业信息公示暂行条例》第十七条。";
            });
        }

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["market-regulation", "taxation", "ecology-environment", "culture-tourism", "housing-construction", "health", "emergency-management"] });

        var text = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("pdftotext", "-enc", "UTF-8", path, "-"));
        var lines = text.Out.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Contains(lines, l => l.Contains("违，", StringComparison.Ordinal)); // the pattern is there
        Assert.DoesNotContain(lines, l => Closing.Any(p => l.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_record_that_fits_on_a_page_is_never_split_across_two()
    {
        var subject = await fixture.AddSubjectAsync("太原市整条记录测试有限公司");
        for (var i = 0; i < 14; i++)
        {
            var n = i;
            await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", $"并市监罚〔2025〕{100 + n}号", new DateOnly(2025, 1, 1).AddDays(n), r =>
            {
                r.Facts = string.Concat(Enumerable.Repeat("未按规定公示年度报告且逾期未改正", 4 + (n % 5)));
                r.Content = $"罚款五万元（第{100 + n}号结束）";
            });
        }

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        var pages = PdfText.Pages(report.Pdf).Select(PdfText.Squeeze).ToList();
        for (var i = 0; i < 14; i++)
        {
            var start = pages.FindIndex(p => p.Contains($"并市监罚〔2025〕{100 + i}号", StringComparison.Ordinal));
            var end = pages.FindIndex(p => p.Contains($"第{100 + i}号结束", StringComparison.Ordinal));
            Assert.True(start >= 0 && start == end, $"record {100 + i} starts on page {start + 1} and ends on page {end + 1}");
        }
    }

    private sealed class ListLogger : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ListLogger owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
