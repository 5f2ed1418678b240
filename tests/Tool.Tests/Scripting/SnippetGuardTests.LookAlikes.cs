using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Scripting;

/// <summary>What looks like a refused API but is not: these must keep compiling under the guard.</summary>
public sealed partial class SnippetGuardTests
{
    [Theory]
    [InlineData("t.StartedAt >= new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) && t.StartedAt?.UtcDateTime.Year == 2026")]
    [InlineData("Math.Max(t.Turns, 1) > 0 && Math.Min(t.Actions.Count, 3) >= 0")]
    [InlineData("DateTime.UnixEpoch < DateTime.MaxValue && DateTimeOffset.MinValue < t.StartedAt.GetValueOrDefault()")]
    [InlineData("t.StartedAt?.ToUniversalTime().Hour >= 0 && t.StartedAt?.ToOffset(TimeSpan.FromHours(2)).Hour >= 0")]
    [InlineData("Guid.TryParse(t.Id, out var g) && g != Guid.Empty")]
    [InlineData("Stable.Hash(t.Id) % 10 == 0 || Stable.Unit(t.Task ?? \"\") < 0.5")]
    [InlineData("t.Turns.ToString(System.Globalization.CultureInfo.InvariantCulture) != \"\"")]
    [InlineData("System.Text.Json.Nodes.JsonValue.Create(t.Turns) != null && new System.Text.Json.Nodes.JsonArray { \"x\", 1, true }.Count == 3")]
    [InlineData("new System.Text.Json.Nodes.JsonObject { [\"id\"] = t.Id }.ToJsonString().Length > 0")]
    [InlineData("new System.Numerics.Vector<int>(new int[System.Numerics.Vector<int>.Count]).Equals(System.Numerics.Vector<int>.Zero)")]
    [InlineData("Enum.GetValues<Role>().Length > 2")]
    public void Allowed_look_alikes_of_refused_apis_compile(string where)
    {
        using var scratch = new TempFolder();
        Assert.Empty(Refusals(scratch, RecipeWith(where)));
    }

    [Fact]
    public void The_clock_hint_itself_compiles_a_cutoff_param_compared_with_StartedAt()
    {
        using var scratch = new TempFolder();
        var recipe = RecipeWith("t.StartedAt >= DateTimeOffset.Parse(P.cutoff)", "params: {cutoff: \"2026-01-01T00:00:00Z\"}\n");
        Assert.Empty(Refusals(scratch, recipe));
    }

    [Fact]
    public void A_helper_taking_a_DateTime_parameter_and_hashing_its_own_record_compiles()
    {
        using var scratch = new TempFolder();
        const string helper = "record Key(string Id, int Turns);\n" +
                              "static bool StartedAfter(Trace t, DateTime cutoff) => t.StartedAt?.UtcDateTime >= cutoff;\n" +
                              "static readonly Regex Words = new(\"\\\\w+\");\n" +
                              "static bool Same(Trace t) => new Key(t.Id, t.Turns).GetHashCode() == new Key(t.Id, t.Turns).GetHashCode() || Words.IsMatch(t.Id);\n";
        Assert.Empty(Refusals(scratch, ImportRecipe.Replace("t.Id != null", "StartedAfter(t, DateTime.UnixEpoch) || Same(t)"), helper));
    }
}
