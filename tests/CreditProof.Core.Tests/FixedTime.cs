namespace CreditProof.Tests;

/// <summary>A clock that stands still, for repeatable tests.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
