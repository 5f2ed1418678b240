using System.Reflection;

namespace TraceCurate;

/// <summary>
/// The tool's version, as <c>--version</c> prints it and as manifests, dataset cards, Parquet files and generated
/// cluster files record it. A root type, not a room: every room may name it, and it names no room.
/// </summary>
public static class ToolVersion
{
    public static string Current =>
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
