using Microsoft.CodeAnalysis;

namespace TraceCurate.Scripting;

/// <summary>
/// What a snippet may name when the guard is on (docs/safety.md): the trace model, the pure parts of the BCL and the
/// recipe's own declarations. Everything else is refused with the reason of <see cref="Reason"/>. Part of the compile
/// cache key through <see cref="Version"/>, so a stricter list is never bypassed by a cached build.
/// </summary>
internal static class SnippetAllowList
{
    /// <summary>Bump whenever the lists below or those of <see cref="SnippetDenyList"/> change.</summary>
    public const string Version = "guard-3";

    /// <summary>Namespaces whose every type is allowed (not their sub-namespaces).</summary>
    internal static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal)
    {
        "TraceCurate.Traces", "System.Linq", "System.Collections", "System.Collections.Generic",
        "System.Collections.Immutable", "System.Collections.Concurrent", "System.Collections.ObjectModel", "System.Text",
        "System.Text.RegularExpressions", "System.Text.Json.Nodes", "System.Globalization", "System.Numerics",
    };

    /// <summary>Types of namespaces that are otherwise refused, by metadata name.</summary>
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        // System: primitives and pure value types and helpers.
        "System.Object", "System.String", "System.Char", "System.Boolean", "System.Byte", "System.SByte", "System.Int16",
        "System.UInt16", "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.Int128", "System.UInt128",
        "System.IntPtr", "System.UIntPtr", "System.Half", "System.Single", "System.Double", "System.Decimal", "System.Void",
        "System.Math", "System.MathF", "System.Convert", "System.BitConverter", "System.TimeSpan", "System.DateTime",
        "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly", "System.DayOfWeek", "System.DateTimeKind", "System.Guid",
        "System.Nullable", "System.Nullable`1", "System.Enum", "System.Array", "System.Span`1", "System.ReadOnlySpan`1",
        "System.Memory`1", "System.ReadOnlyMemory`1", "System.MemoryExtensions", "System.Index", "System.Range",
        "System.StringComparison", "System.StringComparer", "System.StringSplitOptions", "System.MidpointRounding",
        "System.Uri", "System.UriKind", "System.Version", "System.Lazy`1", "System.FormattableString", "System.ValueType",
        "System.IComparable", "System.IComparable`1", "System.IEquatable`1", "System.IFormattable", "System.IFormatProvider",
        "System.IDisposable", "System.ArraySegment`1", "System.Predicate`1", "System.Comparison`1", "System.Converter`2",
        "System.Base64FormattingOptions", "System.TypeCode",
        // Path's string functions (GetFileName, GetExtension, Combine, …) touch no file; the members that do are in Members.
        "System.IO.Path",
        // Exceptions a helper may throw or catch.
        "System.Exception", "System.ArgumentException", "System.ArgumentNullException", "System.ArgumentOutOfRangeException",
        "System.InvalidOperationException", "System.FormatException", "System.NotSupportedException",
        "System.NotImplementedException", "System.OverflowException", "System.IndexOutOfRangeException",
        // JSON reading (the trace model exposes JsonElement).
        "System.Text.Json.JsonElement", "System.Text.Json.JsonDocument", "System.Text.Json.JsonValueKind",
        "System.Text.Json.JsonProperty", "System.Text.Json.JsonDocumentOptions", "System.Text.Json.JsonException",
        "System.Text.Json.JsonCommentHandling", "System.Text.Json.JsonElement+ArrayEnumerator",
        "System.Text.Json.JsonElement+ObjectEnumerator",
        // What interpolated strings passed to string.Create or StringBuilder.Append bind to.
        "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
        // The snippet API's stable hashes, the replacement for string.GetHashCode.
        "TraceCurate.Scripting.Stable",
    };

    /// <summary>Generic delegate families lambdas convert to: Func`1..17, Action`1..16.</summary>
    private static readonly string[] DelegateFamilies = ["System.Func`", "System.Action`", "System.Action"];

    /// <summary>Members of allowed types that still reach outside (files, reflection).</summary>
    private static readonly HashSet<string> Members = new(StringComparer.Ordinal)
    {
        "System.Object.GetType", "System.Text.Encoding.RegisterProvider",
        "System.IO.Path.Exists", "System.IO.Path.GetFullPath", "System.IO.Path.GetRelativePath", "System.IO.Path.GetTempPath",
        "System.IO.Path.GetTempFileName",
    };

    public static bool IsAllowedType(INamedTypeSymbol type, IAssemblySymbol own)
    {
        var outer = type;
        while (outer.ContainingType is { } parent) outer = parent;
        if (SymbolEqualityComparer.Default.Equals(outer.ContainingAssembly, own) || outer.IsAnonymousType) return true;
        var name = MetadataName(outer);
        if (Types.Contains(MetadataName(type)) || Types.Contains(name)) return true;
        if (outer.ContainingAssembly?.Name == "TraceCurate" && Namespace(outer) != "TraceCurate.Traces") return false;
        if (name.StartsWith("System.ValueTuple", StringComparison.Ordinal) || name.StartsWith("System.Tuple", StringComparison.Ordinal)) return true;
        if (DelegateFamilies.Any(f => name == f || name.StartsWith(f, StringComparison.Ordinal) && name.Length > f.Length && char.IsDigit(name[f.Length])))
            return true;
        return Namespaces.Contains(Namespace(outer));
    }

    public static bool IsRefusedMember(ISymbol member) =>
        member.ContainingType is { } type && Members.Contains(MetadataName(type) + "." + member.Name);

    /// <summary>Why a symbol of this type is refused, in words for the error message.</summary>
    public static string Reason(INamedTypeSymbol? type, ISymbol symbol)
    {
        if (symbol is IMethodSymbol { Name: "GetType" }) return "it uses reflection";
        var ns = type is null ? "" : Namespace(type);
        var name = type is null ? "" : MetadataName(type);
        if (ns.StartsWith("System.IO", StringComparison.Ordinal)) return "it reaches files";
        if (ns.StartsWith("System.Net", StringComparison.Ordinal)) return "it reaches the network";
        if (ns.StartsWith("System.Diagnostics", StringComparison.Ordinal)) return "it reaches processes";
        if (ns.StartsWith("System.Reflection", StringComparison.Ordinal) || name is "System.Type" or "System.Activator"
            or "System.AppDomain" or "System.Delegate" or "System.MulticastDelegate" || ns.StartsWith("System.Linq.Expressions", StringComparison.Ordinal))
            return "it uses reflection";
        if (name is "System.Environment" or "System.AppContext") return "it reads or changes the process environment";
        if (ns.StartsWith("System.Runtime.InteropServices", StringComparison.Ordinal)) return "it calls native code";
        if (ns.StartsWith("System.Threading", StringComparison.Ordinal)) return "it starts, waits for or shares work between threads";
        if (name is "System.Console") return "it reads or writes the console";
        if (name is "System.GC") return "it controls the garbage collector";
        if (ns.StartsWith("System.Security", StringComparison.Ordinal)) return "it uses security or cryptography APIs";
        if (type?.ContainingAssembly?.Name == "TraceCurate") return "it is part of the tool, not of the trace model";
        return "it is outside the snippet allow-list (docs/safety.md)";
    }

    public static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var parent = type.ContainingType; parent is not null; parent = parent.ContainingType) name = parent.MetadataName + "+" + name;
        var ns = Namespace(type);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static string Namespace(INamedTypeSymbol type)
    {
        var outer = type;
        while (outer.ContainingType is { } parent) outer = parent;
        return outer.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";
    }
}
