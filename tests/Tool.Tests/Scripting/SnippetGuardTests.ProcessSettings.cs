namespace TraceCurate.Tests.Scripting;

/// <summary>
/// Settings of the whole process (culture, regex cache, environment, runtime switches, the garbage collector) change
/// every other step and trace, and the output with them (the HTML report printed "$0,0412" after a helper set the
/// culture): refused, each with what to use instead. Serialising arbitrary objects by reflection is refused too.
/// </summary>
public sealed partial class SnippetGuardTests
{
    [Theory]
    [InlineData("static bool German() { System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(\"de-DE\"); return true; }",
        "System.Globalization.CultureInfo.CurrentCulture =", "System.Globalization.CultureInfo.CurrentCulture")]
    [InlineData("static bool German() { System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.GetCultureInfo(\"de-DE\"); return true; }",
        "System.Globalization.CultureInfo.DefaultThreadCurrentCulture", "System.Globalization.CultureInfo.DefaultThreadCurrentCulture")]
    [InlineData("static bool German() { System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(\"de-DE\"); return true; }",
        "System.Globalization.CultureInfo.CurrentUICulture", "System.Globalization.CultureInfo.CurrentUICulture")]
    [InlineData("static string Money(decimal d) => d.ToString(\"C\", System.Globalization.CultureInfo.CurrentCulture);",
        "System.Globalization.CultureInfo.CurrentCulture", "System.Globalization.CultureInfo.CurrentCulture")]
    public void The_process_culture_is_refused_with_an_explicit_culture_as_the_replacement(string helper, string marker, string symbol) =>
        AssertHelperRefused(helper + "\n", 1, marker, symbol, "culture of the whole process", "pass a culture to the call");

    [Fact]
    public void Setting_the_culture_through_using_static_is_refused() =>
        AssertHelperRefused("using System.Globalization;\nusing static System.Globalization.CultureInfo;\nstatic bool German() { CurrentCulture = GetCultureInfo(\"de-DE\"); return true; }\n",
            3, "CurrentCulture =", "System.Globalization.CultureInfo.CurrentCulture", "culture of the whole process", "pass a culture to the call");

    [Fact]
    public void The_regex_cache_size_is_refused_with_a_helper_field_as_the_replacement() =>
        AssertHelperRefused("using System.Text.RegularExpressions;\nstatic bool NoCache() { Regex.CacheSize = 0; return true; }\n",
            2, "Regex.CacheSize", "System.Text.RegularExpressions.Regex.CacheSize", "whole process", "keep the Regex in a helper field");

    [Theory]
    [InlineData("static bool Tokyo() { Environment.SetEnvironmentVariable(\"TZ\", \"Asia/Tokyo\"); return true; }",
        "Environment.SetEnvironmentVariable(", "System.Environment.SetEnvironmentVariable")]
    [InlineData("static bool Invariant() { AppContext.SetSwitch(\"System.Globalization.Invariant\", true); return true; }",
        "AppContext.SetSwitch(", "System.AppContext.SetSwitch")]
    [InlineData("static bool Timeout() { AppContext.SetData(\"REGEX_DEFAULT_MATCH_TIMEOUT\", TimeSpan.FromDays(1)); return true; }",
        "AppContext.SetData(", "System.AppContext.SetData")]
    public void Environment_and_runtime_switches_are_refused_with_recipe_params_as_the_replacement(string helper, string marker, string symbol) =>
        AssertHelperRefused(helper + "\n", 1, marker, symbol, "process environment", "pass values in as recipe params");

    [Theory]
    [InlineData("static bool Gc() { GC.Collect(); return true; }", "GC.Collect()", "System.GC.Collect")]
    [InlineData("static bool Gc() { System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch; return true; }",
        "System.Runtime.GCSettings.LatencyMode", "System.Runtime.GCSettings.LatencyMode")]
    public void Garbage_collector_settings_are_refused(string helper, string marker, string symbol) =>
        AssertHelperRefused(helper + "\n", 1, marker, symbol, "garbage collector", "set DOTNET_GC");

    private const string SerializerInstead = "build JSON from strings, numbers and booleans";

    [Theory]
    [InlineData("System.Text.Json.Nodes.JsonValue.Create((object)t) != null", "System.Text.Json.Nodes.JsonValue.Create(", "System.Text.Json.Nodes.JsonValue.Create")]
    [InlineData("System.Text.Json.Nodes.JsonValue.Create(t.Actions) != null", "System.Text.Json.Nodes.JsonValue.Create(", "System.Text.Json.Nodes.JsonValue.Create")]
    [InlineData("JsonSerializer.Serialize(t).Length > 0", "JsonSerializer.Serialize(t)", "System.Text.Json.JsonSerializer.Serialize")]
    [InlineData("new System.Text.Json.Nodes.JsonArray { t }.Count == 1", "t }", "System.Text.Json.Nodes.JsonArray.Add")]
    public void Serialising_arbitrary_objects_by_reflection_is_refused(string where, string marker, string symbol) =>
        AssertWhereRefused(where, marker, symbol, "serialises arbitrary objects by reflection", SerializerInstead);

    [Fact]
    public void Reflection_over_a_runtime_type_is_refused_with_the_generic_form_as_the_replacement() =>
        AssertWhereRefused("Enum.GetValues(typeof(Role)).Length > 2", "Enum.GetValues(typeof(Role))", "System.Enum.GetValues",
            "reflection", "use the generic form where there is one (Enum.GetValues<Role>())");
}
