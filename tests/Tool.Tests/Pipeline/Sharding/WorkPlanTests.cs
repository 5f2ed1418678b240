using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Sharding;

public sealed class WorkPlanTests
{
    private static InputFile File(string path) => new(path, new AgentTraceReader(), ReadOptions.Default) { Length = new FileInfo(path).Length };

    [Fact]
    public void Units_cover_the_file_exactly_and_start_at_line_starts()
    {
        using var temp = new TempFolder();
        var lines = Enumerable.Range(0, 500).Select(i => new string('x', i % 37) + i).ToList();
        var path = temp.Write("a.jsonl", string.Join("\n", lines) + "\n");
        var bytes = System.IO.File.ReadAllBytes(path);

        var units = WorkPlan.Build([File(path)], 300);

        Assert.True(units.Count > 10);
        Assert.Equal(0, units[0].Start);
        Assert.Equal(bytes.Length, units[^1].End);
        for (var i = 1; i < units.Count; i++)
        {
            Assert.Equal(units[i - 1].End, units[i].Start);
            Assert.Equal((byte)'\n', bytes[units[i].Start - 1]);
        }
    }

    [Fact]
    public void What_a_unit_contains_does_not_depend_on_the_shard_count()
    {
        using var temp = new TempFolder();
        var path = temp.Write("a.jsonl", string.Concat(Enumerable.Range(0, 300).Select(i => $"line {i}\n")));
        var units = WorkPlan.Build([File(path)], 100);

        foreach (var n in new[] { 1, 2, 3, 7 })
        {
            var covered = Enumerable.Range(0, n).SelectMany(i =>
            {
                var (first, count) = WorkPlan.Slice(units.Count, i, n);
                return units.Skip(first).Take(count);
            }).ToList();
            Assert.Equal(units, covered);
        }
    }

    [Fact]
    public void Small_files_and_session_formats_stay_whole()
    {
        using var temp = new TempFolder();
        var path = temp.Write("a.jsonl", "{}\n{}\n");

        var unit = Assert.Single(WorkPlan.Build([File(path)], 1 << 20));

        Assert.True(unit.IsWholeFile);
    }
}
