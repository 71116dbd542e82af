namespace CreditProof.Workflows;

/// <summary>Who acts in a workflow step. Every transition is attributed to one.</summary>
public sealed record Actor(string Name, ActorRole Role, int? UnitId = null, Guid? SubjectId = null)
{
    public static Actor System { get; } = new("system", ActorRole.System);

    public override string ToString() => $"{Role}:{Name}";
}

public enum ActorRole
{
    /// <summary>信用主体</summary>
    Subject = 1,

    /// <summary>数源单位工作人员</summary>
    UnitStaff = 2,

    /// <summary>服务窗口工作人员</summary>
    WindowStaff = 3,

    /// <summary>平台运营方</summary>
    Operator = 4,

    /// <summary>审计人员</summary>
    Auditor = 5,

    System = 6,

    /// <summary>报告使用方工作人员</summary>
    RelyingPartyStaff = 7,
}

/// <summary>A step the actor may not take: who tried what, and why it is refused (bilingual).</summary>
public sealed class WorkflowRefusedException(string messageZh, string messageEn) : InvalidOperationException($"{messageZh} ({messageEn})")
{
    public string MessageZh { get; } = messageZh;

    public string MessageEn { get; } = messageEn;
}
