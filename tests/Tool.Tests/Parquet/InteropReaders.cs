using System.Diagnostics;
using System.Text.Json;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Locates <c>tests/interop</c> (walking up from the test assembly to the folder that holds
/// <c>tests/interop/package.json</c>) and runs its Node scripts, which read Parquet with
/// independent implementations (DuckDB, hyparquet, parquet-wasm) and print canonical JSON.
/// </summary>
internal static class InteropReaders
{
    public const string InstallHint = "run `npm ci --prefix tests/interop` (needs Node.js 20+)";
    public static readonly string[] Readers = ["read-duckdb.mjs", "read-hyparquet.mjs", "read-parquet-wasm.mjs"];

    public static string? Directory { get; } = Find();

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsInstalled => Directory is not null && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules"));

    /// <summary>Why interop tests are skipped, or null when they must run (installed, or CI where absence is a failure).</summary>
    public static string? SkipReason =>
        IsInstalled || IsCi ? null : $"Parquet interop readers are not installed; {InstallHint} to run this test.";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        return null;
    }

    /// <summary>Fails with the install hint when the readers are missing (reached only in CI or when run explicitly).</summary>
    public static string RequireDirectory()
    {
        if (Directory is null) Assert.Fail($"tests/interop/package.json not found above {AppContext.BaseDirectory}");
        if (!IsInstalled) Assert.Fail($"tests/interop/node_modules is missing: {InstallHint}.");
        return Directory!;
    }

    /// <summary>Runs <c>node script args…</c> in tests/interop, asserts exit code 0 and parses stdout as JSON.</summary>
    public static JsonElement Run(string script, params string[] args)
    {
        var dir = RequireDirectory();
        var psi = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(dir, script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { Assert.Fail($"Cannot start node ({e.Message}); {InstallHint}."); throw; }
        using (process)
        {
            var stderrTask = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(true); Assert.Fail($"{script} timed out"); }
            string stderr = stderrTask.Result;
            Assert.True(process.ExitCode == 0, $"{script} exited with {process.ExitCode}: {stderr}");
            return JsonDocument.Parse(stdout).RootElement.Clone();
        }
    }

    /// <summary>Reads every file with one reader script; returns per-file results, failing on a reader error.</summary>
    public static Dictionary<string, JsonElement> ReadAll(string reader, IReadOnlyList<string> files)
    {
        var output = Run(reader, [.. files]);
        var result = new Dictionary<string, JsonElement>();
        foreach (var file in files)
        {
            var entry = output.GetProperty(file);
            if (entry.TryGetProperty("error", out var error)) Assert.Fail($"{reader} could not read {Path.GetFileName(file)}: {error.GetString()}");
            result[file] = entry;
        }
        return result;
    }
}

/// <summary>
/// A fact that needs the Node interop readers. Outside CI it is skipped (visibly) when
/// tests/interop/node_modules is missing; in CI (CI=true) it runs and fails with the install hint.
/// </summary>
public sealed class InteropFactAttribute : FactAttribute
{
    public InteropFactAttribute()
    {
        if (InteropReaders.SkipReason is { } reason) Skip = reason;
    }
}
