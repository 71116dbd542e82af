using System.Globalization;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Web.SignIn;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Guides;

/// <summary>A question and its answer, or a heading and its paragraphs.</summary>
public sealed record NoticeSection(Bilingual Heading, IReadOnlyList<Bilingual> Paragraphs);

/// <summary>
/// The FAQ (常见问题) and the privacy notice (个人信息保护说明): what personal data the platform processes, why, for how
/// long, and whom to ask. Periods are the ones the code enforces (session lifetimes, report validity, kiosk idle time);
/// where the code deletes nothing, the notice says so instead of promising a period.
/// </summary>
public sealed class PublicNotices
{
    public PublicNotices(IOptions<ReportOptions> reportOptions, PlatformOptions platform)
    {
        var reports = reportOptions.Value;
        string N(double n) => n.ToString(CultureInfo.InvariantCulture);
        Bilingual B(string zh, string en) => new(zh, en);
        var start = platform.CollectionStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var idle = N(SessionLimits.IdleLifetime.TotalMinutes);
        var absolute = N(SessionLimits.AbsoluteLifetime.TotalHours);

        Faq =
        [
            new(B("专项信用报告能代替哪些证明？", "Which certificates does the special report replace?"),
                [B("在所选领域内代替各部门出具的有无违法违规记录证明，用于融资、招投标、政府采购、行政审批等场景。", "The no-violation-record certificates of each authority for the chosen domains, for financing, bidding, procurement, approvals and the like.")]),
            new(B("办理要收费吗？", "Does it cost anything?"),
                [B("不收费。", "No, it is free of charge.")]),
            new(B("报告能覆盖多长时间？", "How long a period can a report cover?"),
                [B($"最长{N(reports.MaxPeriodYears)}年，最早自{start}起（平台自该日起归集数据）。", $"At most {N(reports.MaxPeriodYears)} years, from {start} at the earliest (the platform collects records from that day).")]),
            new(B("报告有效期多长？", "How long is a report valid?"),
                [B($"自生成之日起{N(reports.ValidityDays)}天。过期、被取代或被撤销的报告核验时会显示其状态。", $"{N(reports.ValidityDays)} days from issue. Verification shows when a report has expired, been superseded or been revoked.")]),
            new(B("电子版和纸质版有什么区别？", "Is the paper version different from the electronic one?"),
                [B("两者具有同等效力，都可通过二维码或报告编号和核验码核验。", "They have equal effect; both verify by the QR code or by the report number and verification code.")]),
            new(B("报告里有我认为错误的记录怎么办？", "What if a record in my report is wrong?"),
                [B("在“我的信用”中打开该记录提出异议，见办事指南“异议”。", "Open the record in My credit and raise an objection; see the guide Objection.")]),
            new(B("已修复的记录为什么还在报告里？", "Why does a repaired record still appear?"),
                [B("按国家规定，修复后的记录仍在专项信用报告中出现，并标注“已修复”。", "By the national rule, a repaired record still appears in special reports, marked repaired.")]),
            new(B("平台没有接入我需要的领域怎么办？", "What if the domain I need is not covered?"),
                [B("可以就该领域作出信用承诺，见办事指南“信用承诺”。", "You may make a credit commitment for that domain; see the guide Credit commitment.")]),
            new(B("扫描二维码显示“未找到该报告”是什么意思？", "What does 'report not found' after scanning mean?"),
                [B("本平台没有签发该编号的报告。请核对编号，或向报告持有人确认；伪造的报告无法通过核验。", "This platform issued no report with that number. Check the number or ask the holder; a forged report never verifies.")]),
        ];

        Privacy =
        [
            new(B("谁负责处理您的个人信息", "Who processes your personal data"),
                [B($"{platform.PlatformName}（平台运营方）。记录由作出决定的数源单位报送，谁产生、谁负责。", $"{platform.PlatformNameEn} (the platform operator). Records are sent by the data source unit that made the decision, which answers for them.")]),
            new(B("处理哪些个人信息", "What personal data is processed"),
                [B("信用主体：名称或姓名、统一社会信用代码或身份证号码（加密保存，在页面、日志和导出中一律部分遮蔽）、主体登记信息，以及数源单位报送的行政处罚、行政强制、严重失信主体名单和刑事裁判记录。", "Subjects: name, unified social credit code or ID number (stored encrypted and masked on every page, log line and export), register facts, and the penalties, enforcement measures, dishonesty listings and criminal judgments that units send."),
                 B("您提交的内容：报告申请（领域、期间、用途）、异议理由和证明材料、信用修复说明、信用承诺、授权（用途、使用方名称）。", "What you submit: report requests (domains, period, purpose), objections and their evidence, repair statements, commitments, share grants (purpose, relying party)."),
                 B("使用记录：报告被核验和查看的时间、方式、访问地址和浏览器标识，显示给报告持有人；工作人员和接口的每一次操作记入审计日志。", "Use: when and how a report was verified or viewed, with the client address and browser, shown to the holder; every action of staff and API callers goes into the audit trail."),
                 B("工作人员：账号、姓名、角色、密码摘要（不保存密码本身）和双因素认证密钥。", "Staff: account, name, role, a password hash (never the password) and the two-factor secret.")]),
            new(B("为什么处理", "Why"),
                [B("为依法归集和公示公共信用信息、按您的申请生成和核验专项信用报告、受理异议、更正、信用修复和信用承诺，并保障平台安全、防止数据被非法访问、篡改和滥用。", "To collect and publish public credit information as the law provides, to issue and verify special credit reports at your request, to handle objections, corrections, repairs and commitments, and to keep the platform secure against illegal access, tampering and misuse.")]),
            new(B("保存多长时间", "For how long"),
                [B($"登录状态：无操作{idle}分钟后失效，最长{absolute}小时；自助终端上无操作{N(platform.KioskIdleSeconds)}秒后自动退出。语言选择保存在浏览器中一年。", $"Sign-in: ends after {idle} minutes without activity and at most {absolute} hours after sign-in; on a kiosk after {N(platform.KioskIdleSeconds)} seconds without activity. The language choice stays in your browser for a year."),
                 B($"报告自生成起{N(reports.ValidityDays)}天有效；授权最长{N(reports.ShareMaxDays)}天且不晚于报告有效期。", $"A report is valid for {N(reports.ValidityDays)} days from issue; a share grant for at most {N(reports.ShareMaxDays)} days and never past the report's validity."),
                 B("记录及其全部版本、已签发的报告、异议、修复、承诺、访问记录和审计日志作为平台档案保存，系统不自动删除；记录被删除或撤销后不再出现在报告中，但其历史保留以备查证。", "Records and all their versions, issued reports, objections, repairs, commitments, the access log and the audit trail are kept as the platform's archive; the system deletes none of them by itself. A deleted or revoked record no longer appears in reports, but its history is kept as evidence.")]),
            new(B("您的权利和联系方式", "Your rights and whom to ask"),
                [B("您可以在“我的信用”中查看平台保存的关于您的记录，对错误的记录提出异议，并在报告页面查看谁查看了您的报告。", "You can see the records held about you in My credit, object to a wrong one, and see on a report's page who looked at it."),
                 B($"其他个人信息问题请联系{platform.PlatformName}运营方，或到政务服务大厅窗口咨询；对记录内容的问题由作出该记录的数源单位答复。", $"For any other question about your personal data ask the operator of the {platform.PlatformNameEn}, or a government service window; questions about a record's content are answered by the unit that produced it.")]),
        ];
    }

    public IReadOnlyList<NoticeSection> Faq { get; }

    public IReadOnlyList<NoticeSection> Privacy { get; }
}
