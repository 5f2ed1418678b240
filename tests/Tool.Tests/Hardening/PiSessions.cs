using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Small Pi session files built from the first five lines of samples/pi/fix-grid-snap.jsonl (header, model change,
/// thinking level, the user's request, the assistant's answer), each with its own session id and request text, so that
/// a folder of thousands of distinct sessions costs a few megabytes and is made in the test.
/// </summary>
internal static class PiSessions
{
    private const string SampleId = "9d1e7c20-6a4b-4f0e-8c3d-55b2a1f0e9aa";
    private const string SampleRequest = "go test fails in ./pkg/grid, fix it";

    private static readonly Lazy<string> Head = new(() =>
    {
        var lines = RepoPaths.SampleLines("pi/fix-grid-snap.jsonl").Take(5).ToList();
        Assert.Contains(SampleId, lines[0]);
        Assert.Contains(SampleRequest, lines[3]);
        return string.Join('\n', lines) + "\n";
    });

    /// <summary>Writes <c>s0000.jsonl</c>… into <paramref name="folder"/>; <paramref name="variant"/> changes every session's text.</summary>
    public static void Write(string folder, int count, string variant = "")
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
        {
            var id = $"{i:x8}-0000-4000-8000-{variant.Length:x4}00000000";
            var text = Head.Value.Replace(SampleId, id).Replace(SampleRequest, $"{SampleRequest} (session {i}{variant})");
            File.WriteAllText(Path.Combine(folder, $"s{i:d4}.jsonl"), text);
        }
    }
}
