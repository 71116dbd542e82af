using CreditProof.Subjects;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.SignIn;

/// <summary>
/// Why a sign-in found no subject, in Chinese first and then English, whatever the reader's language: the person may not
/// have chosen one yet. Never a 500: an unknown problem shows the general explanation.
/// </summary>
[Authorize(Policy = Policies.Public)]
public sealed class RefusedModel : PageModel
{
    private static readonly Dictionary<SubjectProblem, Explanation> Explanations = new()
    {
        [SubjectProblem.Unknown] = new(
            "未找到您代表的信用主体", "统一身份认证核验的统一社会信用代码有效，但不在本省主体库中，也没有任何记录。",
            "请核对登录时选择的单位；新登记的主体可能尚未从登记机关同步到平台，请过一两个工作日再试，或联系登记机关、到政务服务大厅窗口办理。",
            "No credit subject found for you", "The unified social credit code verified by the identity provider is valid, but it is neither in the province's subject register nor in any record.",
            "Check the organisation you chose at sign-in. A newly registered subject may not have reached the platform yet: try again in a working day or two, or contact the registration authority or a service window."),
        [SubjectProblem.OutsideProvince] = new(
            "该主体不在本省登记", "您的统一社会信用代码显示登记地在外省。本平台只为注册地在本省的主体出具专项信用报告，报告只证明本省范围内的记录。",
            "请向登记地所在省份的信用信息共享平台申请专项信用报告；如您已迁入本省而仍看到此页，请联系登记机关更新主体库。",
            "This subject is registered outside the province", "Your unified social credit code shows a registration outside this province. This platform issues special credit reports for subjects registered in the province, and a report proves records within the province only.",
            "Apply to the credit information platform of the province where the subject is registered. If the subject has moved here and you still see this page, ask the registration authority to update the register."),
        [SubjectProblem.InvalidCode] = new(
            "代码无效", "统一身份认证提供的统一社会信用代码或身份证号码未通过校验（校验位、长度或字符不正确）。",
            "请确认在统一身份认证平台登记的证照信息无误后重新登录；如问题持续，请联系统一身份认证平台客服。",
            "The code is not valid", "The unified social credit code or ID number provided by the identity provider failed its check (check character, length or characters).",
            "Make sure the licence details held by the unified identity authentication are right and sign in again; if it persists, contact its help desk."),
        [SubjectProblem.NoVerifiedIdentity] = new(
            "无法确定您代表的信用主体", "统一身份认证没有提供经核验的统一社会信用代码，也没有提供经核验的姓名和身份证号码。",
            "请在统一身份认证平台完成法人或个人实名认证后重新登录，或携带证件到政务服务大厅窗口办理。",
            "The platform cannot tell which subject you act for", "The identity provider verified no unified social credit code, nor a name and ID number.",
            "Complete the organisation or personal real-name verification at the unified identity authentication and sign in again, or bring your documents to a service window."),
    };

    public Explanation Shown { get; private set; } = Explanations[SubjectProblem.Unknown];

    public void OnGet(string? problem)
    {
        if (Enum.TryParse<SubjectProblem>(problem, ignoreCase: true, out var p) && Explanations.TryGetValue(p, out var e))
            Shown = e;
    }

    public sealed record Explanation(string TitleZh, string WhatZh, string NextZh, string TitleEn, string WhatEn, string NextEn);
}
