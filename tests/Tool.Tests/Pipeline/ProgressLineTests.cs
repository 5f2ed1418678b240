using TraceCurate.Reading;
using TraceCurate.Pipeline;

namespace TraceCurate.Tests.Pipeline;

/// <summary>Issue 26 §3: the progress line shows traces, bytes, rate, and the time left when the total is known.</summary>
public sealed class ProgressLineTests
{
    [Fact]
    public void With_a_known_total_it_shows_the_share_the_rates_and_the_time_left()
    {
        // 30 MB of 120 MB in 10 s: 3 MB/s, so 90 MB more take 30 s; 2,500 traces in 10 s are 250 a second.
        var text = ProgressLine.Render(2_500, 30_000_000, 120_000_000, TimeSpan.FromSeconds(10));
        Assert.Equal("2,500 traces, 30.0 of 120.0 MB (25%), 3.0 MB/s, 250 traces/s, 0:30 left", text);
    }

    [Fact]
    public void Without_a_total_it_shows_no_share_and_no_time_left()
    {
        var text = ProgressLine.Render(10, 5_000_000, null, TimeSpan.FromSeconds(2));
        Assert.Equal("10 traces, 5.0 MB, 2.5 MB/s, 5 traces/s", text);
    }

    [Fact]
    public void Hours_left_are_written_with_the_hours()
    {
        // 1 MB/s with 3,725 MB to go: 1 h 2 min 5 s.
        var text = ProgressLine.Render(0, 1_000_000, 3_726_000_000, TimeSpan.FromSeconds(1));
        Assert.EndsWith(", 1:02:05 left", text);
    }

    [Fact]
    public void The_line_is_drawn_over_itself_and_erased_at_the_end()
    {
        // The line is drawn by a timer every 250 ms; a loaded machine (the whole suite in parallel) may delay its first
        // tick well past any fixed sleep, so the test waits for the first drawing, up to a bound far beyond a tick.
        var log = new StringWriter();
        using (new ProgressLine(log, () => (3, 1_000), 2_000))
            SpinWait.SpinUntil(() => { lock (log) return log.ToString().Contains("\r3 traces"); }, TimeSpan.FromSeconds(30));
        var written = log.ToString();
        Assert.Contains("\r3 traces, 0.0 of 0.0 MB (50%)", written);
        Assert.EndsWith("\r", written); // erased: the summary then starts at the line's beginning
    }

    [Fact]
    public void Commands_draw_no_progress_into_a_writer_that_is_not_the_terminal()
    {
        // The tests' writers stand for a pipe or a file: run prints its summary and nothing else.
        var result = Support.Cli.Run("run", Path.Combine(Support.RepoPaths.Recipes, "quickstart.yaml"), "--out",
            Path.Combine(Path.GetTempPath(), "trace-curate-tests", Guid.NewGuid().ToString("N")));
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain('\r', result.Err);
    }
}
