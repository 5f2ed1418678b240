using Microsoft.CodeAnalysis;

namespace TraceCurate.Scripting;

/// <summary>
/// What the guard refuses with a reason and a replacement (docs/safety.md), checked before the allow-list: members of
/// allowed types that break memory safety, determinism or the process's shared settings (<c>DateTime.UtcNow</c>,
/// <c>string.GetHashCode</c>, <c>Vector.LoadUnsafe</c>, <c>CultureInfo.CurrentCulture</c>), and refused types whose
/// message is better with a "use this instead" (<c>Random</c>, <c>Unsafe</c>, <c>JsonSerializer</c>). Matched on the
/// symbol a name binds to, never on its spelling. Part of <see cref="SnippetAllowList.Version"/>.
/// </summary>
internal static class SnippetDenyList
{
    public readonly record struct Rule(string Reason, string Instead);

    private static readonly Rule Clock = new(
        "it reads the clock, so two runs of the recipe select differently (and 'verify' fails)",
        "compare with a fixed instant from a recipe param (params: {cutoff: \"2026-01-01T00:00:00Z\"}, then " +
        "t.StartedAt >= DateTimeOffset.Parse(P.cutoff)), or let 'export --since 7d' fix the instant once and record it in the manifest");

    private static readonly Rule TimeZone = new(
        "it depends on the machine's time zone, so two machines give different output",
        "keep times in UTC (t.StartedAt?.UtcDateTime) or convert to a fixed offset with ToOffset(TimeSpan.FromHours(2))");

    private static readonly Rule NewId = new(
        "it makes a new random or time-based value on every call, so two runs differ",
        "derive the value from the trace: t.Id, or Stable.Hash(text)");

    private static readonly Rule Randomness = new(
        "it draws random numbers, so two runs differ",
        "use the 'sample' or 'split' step (seeded, by the trace's key), or Stable.Unit(t.Id), a repeatable number in [0, 1)");

    private static readonly Rule HashCode = new(
        "hash codes of strings (and of most objects) are randomised per process, so two runs differ",
        "use Stable.Hash(text), which is the same on every run and machine");

    private static readonly Rule Memory = new(
        "it reads or writes memory without bounds or type checks, so a mistake corrupts memory or ends the process",
        "use indexing, spans (AsSpan, Slice), MemoryExtensions or new Vector<T>(span), which check bounds");

    private static readonly Rule Culture = new(
        "it reads or sets the culture of the whole process, and setting it changes how every other step and the " +
        "reports format numbers and dates",
        "pass a culture to the call: x.ToString(System.Globalization.CultureInfo.InvariantCulture), or " +
        "CultureInfo.GetCultureInfo(\"de-DE\") for a named one");

    private static readonly Rule RegexCache = new(
        "it changes a setting of the whole process, which every step and trace share",
        "keep the Regex in a helper field (static readonly Regex Words = new(\"…\");) and reuse it");

    private static readonly Rule Environment = new(
        "it reads or changes the process environment",
        "pass values in as recipe params (params: in the recipe, --set name=value on the command line)");

    private static readonly Rule GarbageCollector = new(
        "it controls the garbage collector of the whole process",
        "set DOTNET_GC… environment variables for the run, outside the recipe");

    private static readonly Rule Serializer = new(
        "it serialises arbitrary objects by reflection",
        "build JSON from strings, numbers and booleans (JsonValue.Create(\"text\"), new JsonObject { [\"n\"] = 1 }) " +
        "or read t.Metadata, a JsonElement");

    private static readonly Rule Reflection = new(
        "it works by reflection over types chosen at run time",
        "use the generic form where there is one (Enum.GetValues<Role>()) or plain code over the trace model");

    public static readonly Rule UnsafeCode = new(
        "unsafe code escapes the check",
        "use arrays, spans and delegates (Func<…>)");

    public static readonly Rule StackAlloc = new(
        "stack memory is small and running out of it ends the process (.NET cannot catch a stack overflow)",
        "use an array (new byte[n]) or a List<T>");

    public static readonly Rule LineDirective = new(
        "it changes the file and line that errors and the guard report, which can hide code from the guard",
        "remove it: the tool maps every line of a snippet or helper to its own file and line");

    public static readonly Rule ChecksumDirective = new(
        "it names a source file for the debugger, which snippets have no use for",
        "remove it");

    /// <summary>Members, by containing type metadata name and member name.</summary>
    private static readonly Dictionary<string, Rule> Members = new(StringComparer.Ordinal)
    {
        ["System.DateTime.Now"] = Clock,
        ["System.DateTime.UtcNow"] = Clock,
        ["System.DateTime.Today"] = Clock,
        ["System.DateTimeOffset.Now"] = Clock,
        ["System.DateTimeOffset.UtcNow"] = Clock,
        ["System.Environment.TickCount"] = Clock,
        ["System.Environment.TickCount64"] = Clock,
        ["System.DateTime.ToLocalTime"] = TimeZone,
        ["System.DateTime.ToUniversalTime"] = TimeZone,
        ["System.DateTimeOffset.ToLocalTime"] = TimeZone,
        ["System.DateTimeOffset.LocalDateTime"] = TimeZone,
        ["System.Guid.NewGuid"] = NewId,
        ["System.Guid.CreateVersion7"] = NewId,
        ["System.IO.Path.GetRandomFileName"] = NewId,
        ["System.Globalization.CultureInfo.CurrentCulture"] = Culture,
        ["System.Globalization.CultureInfo.CurrentUICulture"] = Culture,
        ["System.Globalization.CultureInfo.DefaultThreadCurrentCulture"] = Culture,
        ["System.Globalization.CultureInfo.DefaultThreadCurrentUICulture"] = Culture,
        ["System.Globalization.CultureInfo.ClearCachedData"] = Culture,
        ["System.Text.RegularExpressions.Regex.CacheSize"] = RegexCache,
    };

    /// <summary>Types whose every member is refused, by metadata name.</summary>
    private static readonly Dictionary<string, Rule> Types = new(StringComparer.Ordinal)
    {
        ["System.Random"] = Randomness,
        ["System.Security.Cryptography.RandomNumberGenerator"] = Randomness,
        ["System.HashCode"] = HashCode,
        ["System.Diagnostics.Stopwatch"] = Clock,
        ["System.TimeProvider"] = Clock,
        ["System.TimeZoneInfo"] = TimeZone,
        ["System.Runtime.CompilerServices.Unsafe"] = Memory,
        ["System.Runtime.InteropServices.MemoryMarshal"] = Memory,
        ["System.Runtime.InteropServices.CollectionsMarshal"] = Memory,
        ["System.Runtime.InteropServices.ImmutableCollectionsMarshal"] = Memory,
        ["System.Runtime.InteropServices.NativeMemory"] = Memory,
        ["System.Runtime.InteropServices.Marshal"] = Memory,
        ["System.Environment"] = Environment,
        ["System.AppContext"] = Environment,
        ["System.GC"] = GarbageCollector,
        ["System.Runtime.GCSettings"] = GarbageCollector,
        ["System.Text.Json.JsonSerializer"] = Serializer,
    };

    /// <summary>
    /// The rule for a member of a type outside the recipe, if any: by name, then <c>GetHashCode</c> and <c>…Unsafe…</c>
    /// members of any type, then members the BCL marks as needing reflection, then the rule of the containing type.
    /// </summary>
    /// <param name="bound">The symbol as bound (with its type arguments); <paramref name="member"/> is its definition.</param>
    public static Rule? ForMember(ISymbol bound, ISymbol member, INamedTypeSymbol container)
    {
        var typeName = SnippetAllowList.MetadataName(container.OriginalDefinition);
        if (Members.TryGetValue(typeName + "." + member.Name, out var rule)) return rule;
        if (member.Name == "GetHashCode") return HashCode;
        if (member.Name.Contains("Unsafe", StringComparison.Ordinal)) return Memory;
        if (UsesReflection(member.OriginalDefinition) && !TypeArgumentsArePlainValues(bound))
            return typeName.StartsWith("System.Text.Json", StringComparison.Ordinal) ? Serializer : Reflection;
        return ForType(container.OriginalDefinition);
    }

    public static Rule? ForType(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
            if (Types.TryGetValue(SnippetAllowList.MetadataName(t.OriginalDefinition), out var rule)) return rule;
        return null;
    }

    /// <summary>
    /// The BCL marks members that read arbitrary objects' members by reflection with these attributes (for the trimmer
    /// and AOT): <c>JsonValue.Create&lt;T&gt;(T)</c> and <c>JsonArray.Add&lt;T&gt;(T)</c>, <c>Enum.GetValues(Type)</c>, …
    /// </summary>
    private static bool UsesReflection(ISymbol member) =>
        member.GetAttributes().Any(a => a.AttributeClass is
        {
            Name: "RequiresUnreferencedCodeAttribute" or "RequiresDynamicCodeAttribute",
            ContainingNamespace: { Name: "CodeAnalysis", ContainingNamespace.Name: "Diagnostics" },
        });

    /// <summary>
    /// True when every type argument is a string, number, boolean, date, Guid or JSON value: those serialise with
    /// the built-in converters, not by reflection over members, so <c>new JsonArray().Add("x")</c> stays allowed.
    /// </summary>
    private static bool TypeArgumentsArePlainValues(ISymbol bound)
    {
        var arguments = bound is IMethodSymbol method ? method.TypeArguments : [];
        return arguments.Length > 0 && arguments.All(IsPlainValue);
    }

    private static bool IsPlainValue(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            type = nullable.TypeArguments[0];
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_String or SpecialType.System_Decimal
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_DateTime:
                return true;
        }
        return type is INamedTypeSymbol named && SnippetAllowList.MetadataName(named) is "System.DateTimeOffset" or "System.Guid"
            or "System.TimeSpan" or "System.DateOnly" or "System.TimeOnly" or "System.Text.Json.JsonElement";
    }
}
