using System.Text;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// A record under the 256 MiB limit must reach every output (issue 28): a 192 MB record read fine, then aborted the
/// <c>trace</c> output ("The JSON value of length 201326592 is too large"), because the JSON writer refuses one string
/// over about 166 million characters. Runs alone (the big-line collection): it holds a few hundred megabytes.
/// </summary>
[Collection(nameof(BigLineCollection))]
public sealed class LongTextOutputTests
{
    private const int OutputChars = 180_000_000; // over the writer's 166,666,666, under the record limit

    [Fact]
    public void A_tool_output_of_180_million_characters_is_written_whole_by_the_trace_output()
    {
        using var s = new TempFolder();
        var input = s.File("big.jsonl");
        var line = InputCases.SampleLines[0];
        const string empty = "\"tool_output\": \"\"";
        var at = line.IndexOf(empty, StringComparison.Ordinal) + empty.Length - 1;
        Assert.True(at > empty.Length);
        using (var file = new FileStream(input, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            file.Write(Encoding.UTF8.GetBytes(line[..at]));
            var chunk = new byte[1 << 20];
            chunk.AsSpan().Fill((byte)'y');
            for (var left = OutputChars; left > 0; left -= chunk.Length) file.Write(chunk, 0, Math.Min(left, chunk.Length));
            file.Write(Encoding.UTF8.GetBytes(line[at..] + "\n"));
        }
        var output = s.File("out.jsonl");
        var (exit, _, err) = InputCases.Cli("export", input, "-f", "trace", "-o", output, "--threads", "1");
        Assert.True(exit == 0, err);

        // One record, and the text whole: the longest run of 'y' in it is the tool output (as the action's output and
        // as the tool message's text, each in one piece).
        var (lines, longest, runs) = Scan(output);
        Assert.Equal(1, lines);
        Assert.Equal(OutputChars, longest);
        Assert.Equal(2, runs);
    }

    /// <summary>Line count, the longest run of 'y' bytes, and how many runs are that long, read in a stream.</summary>
    private static (int Lines, long Longest, int Runs) Scan(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        int lines = 0, runs = 0;
        long longest = 0, run = 0;
        int n;
        void End()
        {
            if (run > longest) (longest, runs) = (run, 1);
            else if (run == longest && run > 0) runs++;
            run = 0;
        }
        while ((n = stream.Read(buffer)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, n))
            {
                if (b == (byte)'y') { run++; continue; }
                End();
                if (b == (byte)'\n') lines++;
            }
        }
        End();
        return (lines, longest, runs);
    }
}
