using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// Formats detected while a folder is walked (<see cref="EarlyDetection"/>): each file taken gives what detecting it
/// then and there gives (<see cref="FormatDetector.Detect"/>, the reference), its failure included, and no file is
/// detected twice, whether the early thread got to it first or the taker did.
/// </summary>
public sealed class EarlyDetectionTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_file_taken_gives_its_detected_format_or_failure_and_is_detected_once()
    {
        var files = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            files.Add(i % 50 == 7
                ? _dir.Write($"f/{i:D3}.txt", "not a trace\n")
                : _dir.Write($"f/{i:D3}.jsonl", File.ReadAllText(RepoPaths.Samples(i % 2 == 0 ? "pi" : "agenttrace", i % 2 == 0 ? "fix-grid-snap.jsonl" : "mbpp.jsonl"))));
        }
        var detections = new Dictionary<string, int>(StringComparer.Ordinal);
        ITraceReader Detect(string path)
        {
            lock (detections) detections[path] = detections.GetValueOrDefault(path) + 1;
            return FormatDetector.Detect(path);
        }

        using var early = new EarlyDetection(Detect);
        foreach (var path in files) early.Found(path);
        early.Found(files[0]); // met twice, queued once
        // Taken from the end, so that some are taken before the early thread reaches them and some after.
        for (var i = files.Count - 1; i >= 0; i--)
        {
            var path = files[i];
            if (path.EndsWith(".txt", StringComparison.Ordinal))
            {
                var expected = Assert.Throws<TraceCurateException>(() => FormatDetector.Detect(path));
                var error = Assert.Throws<TraceCurateException>(() => early.Take(path) ?? Detect(path));
                Assert.Equal(expected.Message, error.Message);
                Assert.Equal(DiagnosticCodes.UnknownFormat, error.Diagnostics[0].Code);
                continue;
            }
            var reader = early.Take(path) ?? Detect(path);
            Assert.Equal(FormatDetector.Detect(path).Format, reader.Format);
        }
        Assert.Null(early.Take(_dir.File("never-found.jsonl")));
        early.Dispose();
        Assert.Equal(files.Count, detections.Count);
        Assert.All(detections, d => Assert.Equal(1, d.Value));
    }
}
