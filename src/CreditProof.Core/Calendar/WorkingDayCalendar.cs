namespace CreditProof.Calendar;

/// <summary>Counts working days with China's public holidays and adjusted working days (调休) as data.</summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<DateOnly, CalendarDayKind> _exceptions;

    public WorkingDayCalendar(IEnumerable<CalendarDay> days) =>
        _exceptions = days.ToDictionary(d => d.Date, d => d.Kind);

    public bool IsWorkingDay(DateOnly date) =>
        _exceptions.TryGetValue(date, out var kind)
            ? kind == CalendarDayKind.Workday
            : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when the same day or earlier).</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
                count++;
        }

        return count;
    }

    /// <summary>The date that is <paramref name="workingDays"/> working days after <paramref name="start"/> (a deadline).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var d = start;
        while (workingDays > 0)
        {
            d = d.AddDays(1);
            if (IsWorkingDay(d))
                workingDays--;
        }

        return d;
    }
}
