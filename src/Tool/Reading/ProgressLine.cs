using System.Diagnostics;
using System.Globalization;

namespace TraceCurate.Reading;

/// <summary>
/// A one-line progress display on a terminal, redrawn four times a second: traces and bytes done, the rate, and when
/// the total is known the share and the time left. The CLI draws it only when stderr is a terminal and not -q
/// (docs/cli.md#progress). Ours rather than a library's: one line of text needs no layout engine, and it writes to any
/// TextWriter, so it is tested like the rest of the output.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly TextWriter _log;
    private readonly Func<(long Traces, long Bytes)> _done;
    private readonly long? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private int _width;

    /// <param name="done">Traces and bytes done so far; read from the timer's thread, so a figure may be a moment old.</param>
    /// <param name="totalBytes">The bytes there are to read, or null when unknown (compressed inputs read by records).</param>
    public ProgressLine(TextWriter log, Func<(long Traces, long Bytes)> done, long? totalBytes)
    {
        _log = log;
        _done = done;
        _total = totalBytes is > 0 ? totalBytes : null;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>The run's inputs as the runner counts them: bytes of the files read (compressed size for .gz).</summary>
    public static ProgressLine ForInputs(TextWriter log, IReadOnlyList<InputStats> inputs, bool totalKnown) =>
        new(log, () => (inputs.Sum(i => i.Traces), inputs.Sum(i => i.BytesRead)), totalKnown ? inputs.Sum(i => i.File.Length) : null);

    private void Draw()
    {
        var (traces, bytes) = _done();
        var text = Render(traces, bytes, _total, _clock.Elapsed);
        lock (_log)
        {
            _log.Write("\r" + text.PadRight(_width));
            _log.Flush();
            _width = text.Length;
        }
    }

    /// <summary>"1,234 traces, 45.6 of 120.0 MB (38%), 12.3 MB/s, 2,100 traces/s, 0:06 left".</summary>
    internal static string Render(long traces, long bytes, long? total, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var rate = bytes / seconds;
        var text = total is { } t
            ? string.Create(c, $"{traces:N0} traces, {bytes / 1e6:F1} of {t / 1e6:F1} MB ({Math.Min(100.0, 100.0 * bytes / t):F0}%)")
            : string.Create(c, $"{traces:N0} traces, {bytes / 1e6:F1} MB");
        text += string.Create(c, $", {rate / 1e6:F1} MB/s, {traces / seconds:N0} traces/s");
        if (total is { } all && rate > 0 && bytes < all)
        {
            var left = TimeSpan.FromSeconds(Math.Ceiling((all - bytes) / rate));
            text += left.TotalHours >= 1 ? string.Create(c, $", {(int)left.TotalHours}:{left:mm\\:ss} left") : string.Create(c, $", {left:m\\:ss} left");
        }
        return text;
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_log)
        {
            _log.Write("\r" + new string(' ', _width) + "\r");
            _log.Flush();
        }
    }
}
