using TraceCurate.Diagnostics;
using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Scripting;

/// <summary>
/// The wall clock, random numbers, per-process hash codes and the machine's time zone make two runs of one recipe
/// select differently (so 'verify' fails): refused, each with what to use instead. Written as a user would: a
/// <c>where</c> in the recipe (line 3, where the expression starts at column 12) or a helper file.
/// </summary>
public sealed partial class SnippetGuardTests
{
    /// <summary>The first refusal, asserted to name the symbol, give the reason and the replacement, at the marker's column.</summary>
    private static void AssertRefused(IReadOnlyList<Diagnostic> errors, string symbol, string reason, string instead,
        string pathEnd, long line, int column)
    {
        var refusal = errors.FirstOrDefault(d => d.Code == DiagnosticCodes.SnippetNotAllowed);
        Assert.True(refusal is not null, "no TC0011 among: " + string.Join(" | ", errors));
        Assert.StartsWith($"'{symbol}' is not allowed in a snippet: ", refusal.Message);
        Assert.Contains(reason, refusal.Message);
        Assert.Contains("; instead, " + instead, refusal.Message);
        Assert.EndsWith(pathEnd, refusal.Path);
        Assert.Equal((line, column), (refusal.Line, refusal.Column));
    }

    /// <summary>A where snippet, refused at the column where <paramref name="marker"/> starts in it.</summary>
    private static void AssertWhereRefused(string where, string marker, string symbol, string reason, string instead)
    {
        using var scratch = new TempFolder();
        Assert.Contains(marker, where);
        AssertRefused(Refusals(scratch, RecipeWith(where)), symbol, reason, instead, "r.yaml", 3, 12 + where.IndexOf(marker, StringComparison.Ordinal));
    }

    /// <summary>A helper file (its refusal on <paramref name="line"/>, where <paramref name="marker"/> starts).</summary>
    private static void AssertHelperRefused(string helper, int line, string marker, string symbol, string reason, string instead)
    {
        using var scratch = new TempFolder();
        var text = helper.Split('\n')[line - 1];
        Assert.Contains(marker, text);
        AssertRefused(Refusals(scratch, ImportRecipe, helper), symbol, reason, instead, "helpers.csx", line, 1 + text.IndexOf(marker, StringComparison.Ordinal));
    }

    private const string ClockReason = "it reads the clock";
    private const string ClockInstead = "compare with a fixed instant from a recipe param";

    [Theory]
    [InlineData("t.StartedAt > DateTimeOffset.UtcNow.AddDays(-7)", "DateTimeOffset.UtcNow", "System.DateTimeOffset.UtcNow")]
    [InlineData("t.StartedAt > DateTimeOffset.Now.AddDays(-7)", "DateTimeOffset.Now", "System.DateTimeOffset.Now")]
    [InlineData("t.StartedAt?.UtcDateTime > DateTime.UtcNow.AddHours(-1)", "DateTime.UtcNow", "System.DateTime.UtcNow")]
    [InlineData("DateTime.Now.Year > 2000", "DateTime.Now", "System.DateTime.Now")]
    [InlineData("t.StartedAt?.Date == DateTime.Today", "DateTime.Today", "System.DateTime.Today")]
    [InlineData("System.Diagnostics.Stopwatch.GetTimestamp() % 2 == 0", "System.Diagnostics.Stopwatch.GetTimestamp()", "System.Diagnostics.Stopwatch.GetTimestamp")]
    [InlineData("Environment.TickCount % 2 == 0", "Environment.TickCount", "System.Environment.TickCount")]
    [InlineData("Environment.TickCount64 % 2 == 0", "Environment.TickCount64", "System.Environment.TickCount64")]
    [InlineData("TimeProvider.System.GetUtcNow() > t.StartedAt", "TimeProvider.System.GetUtcNow()", "System.TimeProvider.GetUtcNow")]
    public void The_wall_clock_is_refused_with_a_param_or_since_as_the_replacement(string where, string marker, string symbol) =>
        AssertWhereRefused(where, marker, symbol, ClockReason, ClockInstead);

    [Fact]
    public void The_clock_hint_names_both_replacements()
    {
        using var scratch = new TempFolder();
        var refusal = Refusals(scratch, RecipeWith("DateTime.UtcNow.Year > 2000")).First(d => d.Code == DiagnosticCodes.SnippetNotAllowed);
        Assert.Contains("params: {cutoff: \"2026-01-01T00:00:00Z\"}", refusal.Message);
        Assert.Contains("t.StartedAt >= DateTimeOffset.Parse(P.cutoff)", refusal.Message);
        Assert.Contains("'export --since 7d'", refusal.Message);
    }

    [Theory]
    [InlineData("Guid.NewGuid() != Guid.Empty", "Guid.NewGuid()", "System.Guid.NewGuid")]
    [InlineData("Guid.CreateVersion7() != Guid.Empty", "Guid.CreateVersion7()", "System.Guid.CreateVersion7")]
    [InlineData("System.IO.Path.GetRandomFileName().Length > 0", "System.IO.Path.GetRandomFileName()", "System.IO.Path.GetRandomFileName")]
    public void New_ids_are_refused_with_the_trace_id_or_a_stable_hash_as_the_replacement(string where, string marker, string symbol) =>
        AssertWhereRefused(where, marker, symbol, "random or time-based value", "derive the value from the trace: t.Id, or Stable.Hash(text)");

    [Theory]
    [InlineData("new Random(42).Next(10) < 5", "new Random(42).Next(10)", "System.Random.Next")]
    [InlineData("Random.Shared.NextDouble() < 0.1", "Random.Shared.NextDouble()", "System.Random.NextDouble")]
    [InlineData("System.Security.Cryptography.RandomNumberGenerator.GetInt32(10) < 5",
        "System.Security.Cryptography.RandomNumberGenerator.GetInt32(10)", "System.Security.Cryptography.RandomNumberGenerator.GetInt32")]
    public void Random_numbers_are_refused_with_the_sample_step_or_a_stable_unit_as_the_replacement(string where, string marker, string symbol) =>
        AssertWhereRefused(where, marker, symbol, "random numbers", "use the 'sample' or 'split' step");

    [Theory]
    [InlineData("t.Id.GetHashCode() % 10 == 0", "t.Id.GetHashCode()", "System.String.GetHashCode")]
    [InlineData("t.Id.GetHashCode(StringComparison.Ordinal) % 10 == 0", "t.Id.GetHashCode(StringComparison.Ordinal)", "System.String.GetHashCode")]
    [InlineData("StringComparer.Ordinal.GetHashCode(t.Id) % 10 == 0", "StringComparer.Ordinal.GetHashCode(t.Id)", "System.StringComparer.GetHashCode")]
    [InlineData("HashCode.Combine(t.Id, t.Turns) % 10 == 0", "HashCode.Combine(t.Id, t.Turns)", "System.HashCode.Combine")]
    [InlineData("t.GetHashCode() % 10 == 0", "t.GetHashCode()", "TraceCurate.Traces.Trace.GetHashCode")]
    public void Hash_codes_are_refused_with_the_stable_hash_as_the_replacement(string where, string marker, string symbol) =>
        AssertWhereRefused(where, marker, symbol, "randomised per process", "use Stable.Hash(text)");

    [Theory]
    [InlineData("t.StartedAt?.ToLocalTime().Hour > 9", ".ToLocalTime()", "System.DateTimeOffset.ToLocalTime")]
    [InlineData("t.StartedAt?.LocalDateTime.Hour > 9", ".LocalDateTime", "System.DateTimeOffset.LocalDateTime")]
    [InlineData("TimeZoneInfo.Local.BaseUtcOffset == TimeSpan.Zero", "TimeZoneInfo.Local.BaseUtcOffset", "System.TimeZoneInfo.BaseUtcOffset")]
    public void The_machine_time_zone_is_refused_with_utc_as_the_replacement(string where, string marker, string symbol) =>
        AssertWhereRefused(where, marker, symbol, "time zone", "keep times in UTC");

    [Fact]
    public void Using_static_does_not_get_the_clock_past_the_guard() =>
        AssertHelperRefused("using static System.DateTime;\nstatic bool Recent(Trace t) => t.StartedAt?.UtcDateTime > Now.AddDays(-1);\n",
            2, "Now.AddDays", "System.DateTime.Now", ClockReason, ClockInstead);

    [Fact]
    public void An_alias_does_not_get_the_clock_past_the_guard() =>
        AssertHelperRefused("using Clock = System.DateTimeOffset;\nstatic bool Recent(Trace t) => t.StartedAt > Clock.UtcNow.AddHours(-1);\n",
            2, "Clock.UtcNow", "System.DateTimeOffset.UtcNow", ClockReason, ClockInstead);

    [Fact]
    public void A_method_group_does_not_get_NewGuid_past_the_guard() =>
        AssertHelperRefused("static readonly Func<Guid> Next = Guid.NewGuid;\n", 1, "Guid.NewGuid", "System.Guid.NewGuid",
            "random or time-based value", "derive the value from the trace");
}
