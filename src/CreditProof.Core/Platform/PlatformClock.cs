namespace CreditProof.Platform;

/// <summary>
/// The platform's clock: one injected <see cref="TimeProvider"/> and the configured offset of the province's calendar
/// day. Every "now" and every "today" (deadlines, periods, publicity, reporting delays) is read here, so a test that
/// moves the time moves all of them and no code writes UTC+8 out by hand.
/// </summary>
public sealed class PlatformClock(TimeProvider time, TimeSpan offset)
{
    public PlatformClock(TimeProvider time, PlatformOptions options)
        : this(time, options.UtcOffset)
    {
    }

    /// <summary>A clock on the default offset (UTC+8), for tools and tests that have no configuration.</summary>
    public PlatformClock(TimeProvider time)
        : this(time, new PlatformOptions().UtcOffset)
    {
    }

    public TimeProvider Time => time;

    public TimeSpan Offset => offset;

    public DateTimeOffset GetUtcNow() => time.GetUtcNow();

    /// <summary>Now as a UTC <see cref="DateTime"/>, as stored.</summary>
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>The calendar day in the province now.</summary>
    public DateOnly Today => DateOf(time.GetUtcNow());

    public DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(offset).DateTime);

    public DateOnly DateOf(DateTime utc) => DateOf(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>When <paramref name="day"/> begins on the platform's clock, in UTC.</summary>
    public DateTime StartOfDayUtc(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), offset).UtcDateTime;

    /// <summary>A stored UTC time as the province's wall-clock time.</summary>
    public DateTimeOffset Local(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(offset);

    /// <summary>A stored UTC time as "yyyy-MM-dd HH:mm" in the province, or "—".</summary>
    public string Format(DateTime? utc) =>
        utc is { } t ? Local(t).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
