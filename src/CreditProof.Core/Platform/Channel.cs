namespace CreditProof.Platform;

/// <summary>How data reached the platform: a record, a version, a register entry. The number is stored.</summary>
public enum Channel
{
    BatchFile = 1,
    Api = 2,
    OnlineEntry = 3,
    Demo = 4,
    Workflow = 5,

    /// <summary>Verified claims of the identity provider at sign-in.</summary>
    IdentityProvider = 6,
}
