namespace TraceCurate.Formats;

/// <summary>Seconds written as decimals (<c>0.41</c>) to a TimeSpan rounded to the tick, so 0.41 s is 410 ms, not 409.9999 ms.</summary>
public static class Seconds
{
    public static TimeSpan ToTimeSpan(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
