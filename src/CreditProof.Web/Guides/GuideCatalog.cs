using System.Globalization;
using CreditProof.Ingest;
using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Repairs;
using CreditProof.Reports;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Guides;

/// <summary>A text in both languages; Chinese first, as every page shows it.</summary>
public sealed record Bilingual(string Zh, string En)
{
    public string In(bool chinese) => chinese ? Zh : En;
}

/// <summary>
/// One published guide (办事指南): who may do it, what is needed, the steps, the deadlines, the result, and the page where
/// it is done. <see cref="FormPage"/> is the page whose form links back here.
/// </summary>
public sealed record Guide(string Slug, Bilingual Title, Bilingual Who, IReadOnlyList<Bilingual> Needs, IReadOnlyList<Bilingual> Steps,
    IReadOnlyList<Bilingual> Deadlines, Bilingual Result, string FormPage, Bilingual FormName);

/// <summary>
/// The guides for 授权、查询、下载、核验、异议、更正、更新、修复 and 信用承诺. Every number is read from the options the code enforces
/// (objection and repair deadlines, period limits, validity, share limits), so a guide never states a rule the platform
/// does not apply.
/// </summary>
public sealed class GuideCatalog
{
    public const string Authorize = "authorize", Query = "query", Download = "download", Verify = "verify", Objection = "objection",
        Correction = "correction", Update = "update", Repair = "repair", Commitment = "commitment";

    public GuideCatalog(ObjectionOptions objections, RepairOptions repairs, IOptions<ReportOptions> reportOptions, PlatformOptions platform, IngestOptions ingest,
        CreditProof.Workflows.AttachmentStore attachments)
    {
        var reports = reportOptions.Value;
        var start = platform.CollectionStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        Bilingual B(string zh, string en) => new(zh, en);

        All =
        [
            new(Authorize, B("授权", "Authorise (share a report)"),
                B("报告持有人（信用主体本人）登录后授权；报告使用方凭持有人给出的授权码查看。", "The holder of the report (the subject itself, signed in) grants; the relying party views with the share code the holder gives it."),
                [B("一份本人的、有效的专项信用报告（未被撤销、未被取代、未过期）", "A report of your own that is valid (not revoked, not superseded, not expired)"),
                 B("授权用途（不超过100字），可填写使用方名称", "The purpose (at most 100 characters), optionally the relying party's name")],
                [B("登录后打开“我的报告”，进入要授权的报告。", "Sign in, open My reports and the report to share."),
                 B($"在“授权查看”中填写用途和有效期（1至{N(reports.ShareMaxDays)}天，默认{N(reports.ShareDefaultDays)}天），可选择“仅限一次”。", $"Under Share, give the purpose and how long (1 to {N(reports.ShareMaxDays)} days, default {N(reports.ShareDefaultDays)}); you may make it single-use."),
                 B("把生成的授权码或链接、二维码交给报告使用方；使用方在“输入授权码”页面输入，或直接打开链接。", "Give the share code, link or QR code to the relying party; it types the code on the Enter a share code page or opens the link."),
                 B("在报告页面查看每一次访问记录；不再需要时可随时撤销授权。", "See every access on the report's page; revoke the grant at any time.")],
                [B("授权即时生效，到期自动失效，且不晚于报告有效期届满。", "A grant works at once and ends by itself when it expires, never later than the report's validity."),
                 B($"“仅限一次”的授权在第一次打开后{N(reports.SingleUseSessionMinutes)}分钟内可查看和下载。", $"A single-use grant allows viewing and downloading for {N(reports.SingleUseSessionMinutes)} minutes after it is first opened.")],
                B("报告使用方看到完整报告并可下载PDF；持有人可看到谁在何时查看了报告。", "The relying party sees the full report and can download the PDF; the holder sees who looked at it and when."),
                "/me/reports", B("我的报告", "My reports")),
            new(Query, B("查询", "Query (get a report)"),
                B("信用主体本人：企业、个体工商户、农民专业合作社、事业单位、社会组织和自然人，通过统一身份认证登录；也可在政务服务窗口或自助终端办理。", "The subject itself — a business, sole trader, farmers' cooperative, public institution, social organisation or natural person — signed in through the unified identity authentication; also at a service window or a self-service kiosk."),
                [B("统一身份认证账号（窗口办理时出示有效身份证件或营业执照）", "A unified identity account (at a window: a valid identity document or business licence)"),
                 B("要查询的领域和时间段，以及报告用途", "The domains and the period to cover, and the purpose of the report")],
                [B("登录后打开“我的信用”，按领域查看平台归集的本主体记录。", "Sign in and open My credit to see the records the platform holds about you, by domain."),
                 B("打开“申请报告”，选择领域（可全选）。", "Open New report and choose the domains (or all of them)."),
                 B($"选择时间段：最长{N(reports.MaxPeriodYears)}年，最早自{start}起（平台自该日起归集数据，更早的部分自动截去并在页面说明）。", $"Choose the period: at most {N(reports.MaxPeriodYears)} years, from {start} at the earliest (the platform collects records from that day; an earlier start is cut and the page says so)."),
                 B("选择用途并提交。", "Choose the purpose and submit.")],
                [B("即时生成，免费。", "Issued at once, free of charge.")],
                B("一份带电子签章、二维码、报告编号和核验码的专项信用报告（PDF），电子版与纸质版具有同等效力。", "A special credit report (PDF) with the electronic seal, a QR code, a report number and a verification code; electronic and paper versions have equal effect."),
                "/me/reports/new", B("申请报告", "New report")),
            new(Download, B("下载", "Download and print"),
                B("报告持有人本人；报告使用方凭持有人的授权码。", "The holder of the report; a relying party with the holder's share code."),
                [B("已生成的报告（在“我的报告”中）", "A report already issued (under My reports)")],
                [B("打开“我的报告”，进入报告。", "Open My reports and the report."),
                 B("点击“下载PDF”保存电子版，或“打印”得到纸质版。", "Choose Download PDF for the electronic version, or Print for paper."),
                 B("报告页面同时显示报告编号、核验码和有效期，供使用方核验。", "The report's page shows its number, verification code and validity for the relying party to verify.")],
                [B($"报告自生成之日起{N(reports.ValidityDays)}天内有效；期满后请重新申请。", $"A report is valid for {N(reports.ValidityDays)} days from issue; after that, get a new one.")],
                B("带签章的PDF文件；下载的文件与平台保存的完全一致，可离线核验签名。", "The signed PDF; the file downloaded is the one the platform keeps, and its signature verifies offline."),
                "/me/reports", B("我的报告", "My reports")),
            new(Verify, B("核验", "Verify"),
                B("任何人：银行、招标代理机构、审批部门、外省平台等报告使用方，无需登录。", "Anyone: banks, bidding agencies, approving authorities, other provinces' platforms — no sign-in."),
                [B("报告上的二维码；或报告编号和核验码", "The QR code on the report; or the report number and verification code")],
                [B("用手机扫描报告上的二维码，直接显示核验结果。", "Scan the report's QR code with a phone: the verdict is shown at once."),
                 B("或打开“核验报告”，输入报告编号和核验码。", "Or open Verify a report and type the report number and verification code."),
                 B("也可用 creditproof verify 命令和平台公布的信任列表、状态列表离线核验。", "Or verify offline with the creditproof verify command and the platform's published trust list and status list.")],
                [B("即时。为防止猜测，手工输入的核验次数按访问地址限制。", "Immediate. To stop guessing, typed attempts are limited per client address.")],
                B("报告是否真实、当前是否有效（有效、已过期、已被取代、暂停、已撤销）及各领域结论；查看完整报告需持有人授权。", "Whether the report is authentic and whether it is valid now (valid, expired, superseded, suspended, revoked), and each domain's conclusion; the full report needs the holder's share code."),
                "/verify", B("核验报告", "Verify a report")),
            new(Objection, B("异议", "Objection"),
                B("记录所涉的信用主体本人。", "The subject the record is about, itself."),
                [B($"异议理由（不超过{N(objections.MaxReasonLength)}字）", $"The reason (at most {N(objections.MaxReasonLength)} characters)"),
                 B($"证明材料（可选，最多{N(attachments.MaxFiles)}个 PDF、PNG 或 JPEG 文件）", $"Evidence (optional, at most {N(attachments.MaxFiles)} PDF, PNG or JPEG files)")],
                [B("登录后在“我的信用”中打开有异议的记录。", "Sign in, open the record in My credit."),
                 B("在“提出异议”中填写理由、上传材料并提交。", "Under Raise an objection, give the reason, attach evidence and submit."),
                 B("平台受理后转交作出该记录的数源单位核查；每一步结果都发到您的消息中。", "The platform accepts it and passes it to the unit that produced the record; each step reaches your inbox.")],
                [B($"平台在{N(objections.AcceptWorkingDays)}个工作日内受理。", $"The platform accepts within {N(objections.AcceptWorkingDays)} working days."),
                 B($"数源单位在受理后{N(objections.UnitReplyWorkingDays)}个工作日内答复。", $"The unit answers within {N(objections.UnitReplyWorkingDays)} working days of acceptance."),
                 B("异议处理期间，含该记录的报告显示为“暂停”。", "While the objection is open, reports that contain the record show as suspended.")],
                B("记录被更正或删除；不予更正的，数源单位必须说明理由。", "The record is corrected or deleted; a refusal must state its reasons."),
                "/me", B("我的信用", "My credit")),
            new(Correction, B("更正", "Correction"),
                B("作出该记录的数源单位（谁产生、谁负责）；信用主体通过异议申请更正。", "The unit that produced the record (who produces it answers for it); a subject asks for a correction through an objection."),
                [B("受理的异议，或单位自查发现的错误", "An accepted objection, or an error the unit found itself"),
                 B("更正后的内容和理由", "The corrected content and the reason")],
                [B("数源单位在“单位待办”中打开异议，核查后选择“更正”、“删除”或“维持”。", "The unit opens the objection in its inbox, checks, and decides: correct, delete or keep."),
                 B("更正须填写新内容：内容没有变化的“更正”不被接受。", "A correction needs the new content: a correction that changes nothing is refused."),
                 B("单位也可通过接口或批量文件重新报送记录；每次变化都保留为新版本，不覆盖原记录。", "A unit may also send the record again by the API or a batch file; every change is kept as a new version, nothing is overwritten.")],
                [B($"在异议的答复期限内完成（受理后{N(objections.UnitReplyWorkingDays)}个工作日）。", $"Within the objection's reply deadline ({N(objections.UnitReplyWorkingDays)} working days of acceptance).")],
                B("以后生成的报告使用更正后的内容；已发出的含该记录的报告显示为“已被取代”，信用主体收到通知并可免费重新申请。", "Later reports use the corrected content; reports already issued that contain the record show as superseded, and the subject is told and may get a new one free."),
                "/unit/inbox", B("单位待办", "Unit inbox")),
            new(Update, B("更新", "Update"),
                B("数源单位报送新记录和变化；信用主体在内容变化后重新申请报告。", "Units send new records and changes; the subject gets a new report after a change."),
                [B("数源单位：接口密钥或批量文件", "Units: an API key or a batch file"),
                 B("信用主体：统一身份认证账号", "Subjects: a unified identity account")],
                [B("数源单位通过接口或批量导入报送记录，平台逐行校验并返回错误报告。", "Units send records by the API or batch import; the platform checks each row and returns an error report."),
                 B("新记录到达时，信用主体收到消息，其中说明异议途径和最早可申请信用修复的日期。", "When a new record arrives the subject gets a message naming the objection route and the earliest repair date."),
                 B("报告生成后如内容发生变化，该报告显示为“已被取代”；打开“申请报告”重新生成即可。", "If a report's content changes after issue it shows as superseded; open New report to get a current one.")],
                [B($"数源单位应自作出决定起{N(ingest.LateAfterWorkingDays)}个工作日内报送，超过的记为迟报。", $"Units send a record within {N(ingest.LateAfterWorkingDays)} working days of the decision; later counts as late."),
                 B("报告状态在变化后数秒内更新。", "Report statuses follow a change within seconds.")],
                B("报告始终反映生成时的数据（注明“数据截至”时间），核验时显示其当前状态。", "A report always states the data as of its issue (its data-as-of time), and verification shows its current status."),
                "/me/reports/new", B("申请报告", "New report")),
            new(Repair, B("信用修复", "Credit repair"),
                B("记录所涉的信用主体本人；由作出该记录的数源单位审核。", "The subject the record is about; the unit that produced the record decides."),
                [B("有效的行政处罚记录（最短公示期届满后）或严重失信主体名单记录；行政强制和刑事裁判记录不能修复", "An effective penalty (after its minimum publicity period) or a serious-dishonesty listing; enforcement and criminal records cannot be repaired"),
                 B("已履行义务、纠正失信行为的情况说明", "A statement of how the obligations were fulfilled and the behaviour corrected")],
                [B("登录后在“我的信用”中打开记录，页面显示最早可申请修复的日期。", "Sign in and open the record in My credit; the page shows the earliest day repair may be applied for."),
                 B("在“申请信用修复”中填写说明并提交。", "Under Apply for credit repair, give the statement and submit."),
                 B("数源单位审核，结果发到您的消息中。", "The unit decides; the result reaches your inbox.")],
                [B($"数源单位在{N(repairs.UnitDecisionWorkingDays)}个工作日内作出决定。", $"The unit decides within {N(repairs.UnitDecisionWorkingDays)} working days."),
                 B("公示期按决定日期适用的规定计算，见下表；公示期届满的记录自动停止公示，无需申请。", "Publicity periods follow the rules in force on the decision date (table below); a record whose publicity has ended stops being published by itself, no application is needed.")],
                B("修复后记录仍在专项信用报告中出现，标注“已修复”及修复日期。", "A repaired record still appears in special reports, marked repaired with the date."),
                "/me", B("我的信用", "My credit")),
            new(Commitment, B("信用承诺", "Credit commitment"),
                B("信用主体本人，仅限平台尚未接入的领域。", "The subject itself, only for a domain the platform does not yet cover."),
                [B("平台标注为“未接入”的领域", "A domain the platform marks as not covered"),
                 B("同意承诺书的内容", "Agreement with the wording of the commitment")],
                [B("登录后打开“信用承诺”，选择未接入的领域。", "Sign in, open Credit commitments and choose a domain that is not covered."),
                 B("阅读承诺书并签署。", "Read the commitment and sign it."),
                 B("该领域的主管部门核查承诺的履行情况并记录结果。", "The responsible department checks whether the promise is kept and records it.")],
                [B("承诺签署即时生效，在主管部门记录履约情况前保持“履约中”。", "A commitment takes effect when signed and stays active until the department records its fulfilment.")],
                B("承诺被认定为虚假的，该主体不得再以专项信用报告替代有无违法违规记录证明，并收到通知。", "A subject whose commitment is found false may no longer use the special report in place of certificates, and is told so."),
                "/me/commitments", B("信用承诺", "Credit commitments")),
        ];
    }

    public IReadOnlyList<Guide> All { get; }

    public Guide? Find(string? slug) => All.FirstOrDefault(g => string.Equals(g.Slug, slug, StringComparison.OrdinalIgnoreCase));
}
