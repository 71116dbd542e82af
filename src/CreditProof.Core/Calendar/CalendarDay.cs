namespace CreditProof.Calendar;

/// <summary>A day that differs from the Monday–Friday rule: a public holiday, or a weekend day made a working day (调休).</summary>
public sealed class CalendarDay
{
    public DateOnly Date { get; set; }

    public CalendarDayKind Kind { get; set; }

    public required string Name { get; set; }
}

public enum CalendarDayKind
{
    Holiday = 1,
    Workday = 2,
}
