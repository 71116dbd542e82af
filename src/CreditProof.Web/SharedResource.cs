using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace CreditProof.Web;

/// <summary>Marker for the shared UI strings: Resources/SharedResource.resx (中文, neutral) and SharedResource.en.resx.</summary>
public sealed class SharedResource;
