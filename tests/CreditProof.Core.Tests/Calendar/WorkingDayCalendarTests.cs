using CreditProof.Calendar;
using CreditProof.Storage;

namespace CreditProof.Tests.Calendar;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = new(ReferenceDataLoader.ShippedCalendar());

    [Fact]
    public void National_day_week_is_not_working_and_the_adjusted_saturday_is()
    {
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 10, 1)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 10, 8)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2025, 9, 28)));   // Sunday made a working day (调休)
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2025, 10, 11)));  // Saturday made a working day
    }

    [Fact]
    public void Seven_working_days_from_before_the_spring_festival_reach_past_the_holiday()
    {
        // 2026 Spring Festival: 2026-02-15 .. 2026-02-23 off; 2026-02-14 (Sat) and 2026-02-28 (Sat) are working days.
        var deadline = Calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 7);
        Assert.Equal(new DateOnly(2026, 2, 28), deadline);
    }

    [Fact]
    public void Working_days_between_a_friday_and_the_next_monday_is_one()
    {
        Assert.Equal(1, Calendar.WorkingDaysBetween(new DateOnly(2024, 3, 8), new DateOnly(2024, 3, 11)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(new DateOnly(2024, 3, 11), new DateOnly(2024, 3, 11)));
    }
}
