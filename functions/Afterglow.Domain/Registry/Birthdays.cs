namespace Afterglow.Domain.Registry;

public static class Birthdays
{
    /// <summary>Is today this person's birthday? Those born on 29 February are greeted on the 28th in other years.</summary>
    public static bool IsBirthday(DateOnly birthDate, DateOnly today)
    {
        if (birthDate.Month == 2 && birthDate.Day == 29 && !DateTime.IsLeapYear(today.Year))
            return today is { Month: 2, Day: 28 };
        return birthDate.Month == today.Month && birthDate.Day == today.Day;
    }
}
