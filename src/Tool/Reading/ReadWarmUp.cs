using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Reading;

/// <summary>
/// Runs the read path once over a few small built-in sessions (ours, from samples/: Claude Code, Codex, Pi) on a thread
/// of its own, as a reading command starts: detection, the reader, the record check and the analysis, and whatever the
/// command does with the traces (the action given to <see cref="Start"/>). The first file of a real input
/// pays for the runtime's first calls into that code (methods compiled at run time, types loaded, static tables built):
/// about 50 ms of one core on the installed tool, while the other core waited for the command line to be parsed and
/// the folder to be walked. Here that is done during the wait. Nothing it makes is kept or printed, and nothing it does
/// can change a command's outputs: the code is the same pure reading code the workers run, on traces of its own.
/// </summary>
internal static class ReadWarmUp
{
    /// <summary>Set to 0 to leave the warm-up out (to measure what it buys; docs/performance.md).</summary>
    public const string Switch = "TRACE_CURATE_WARM_UP";

    /// <summary>The samples, as embedded by Tool.csproj: each a whole session under <see cref="FormatDetector.SmallHeadBytes"/>.</summary>
    internal static readonly string[] Samples = ["warm-up/claude-code.jsonl", "warm-up/claude-code-compacted.jsonl", "warm-up/codex.jsonl", "warm-up/pi.jsonl"];

    /// <summary>
    /// Starts the warm-up on a background thread when there is a core to spare (on one core it would only delay the
    /// command) and it is not switched off. It never fails the command: an exception ends the warm-up, nothing else.
    /// </summary>
    public static void Start(Action<IReadOnlyList<Trace>>? andThen = null)
    {
        if (Environment.ProcessorCount < 2 || Environment.GetEnvironmentVariable(Switch) == "0") return;
        new Thread(() =>
        {
            try
            {
                var traces = Read();
                andThen?.Invoke(traces);
            }
            catch (Exception)
            {
                // The warm-up only saves time: a failure here leaves that time to the first real file, where the same
                // code runs again and reports what it meets. Tests check that the samples read.
            }
        }) { IsBackground = true, Name = "read warm-up" }.Start();
    }

    /// <summary>Every sample detected, read and analysed as a worker reads a whole session file.</summary>
    internal static List<Trace> Read()
    {
        var traces = new List<Trace>();
        var assembly = typeof(ReadWarmUp).Assembly;
        foreach (var name in Samples)
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var fileName = name["warm-up/".Length..];
            var reader = FormatDetector.DetectWhole(fileName, bytes);
            // A path no file has: the readers look beside a sub-agent's file for its companions, and these are main sessions.
            var file = new InputFile("<warm-up>/" + fileName, reader, ReadOptions.Default) { Length = bytes.Length };
            traces.AddRange(RecordParsing.Parse(new RawRecord(file, 1, bytes), traces.Count));
        }
        return traces;
    }
}
