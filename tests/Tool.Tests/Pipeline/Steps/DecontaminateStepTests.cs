using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Steps;

public sealed class DecontaminateStepTests
{
    private const string Recipe = """
        name: decon-test
        inputs: [in.jsonl]
        steps:
          - name: decon
            decontaminate: {against: [refs/bench.jsonl, refs/short.txt], field: question, ngram: 8}
        outputs: [{path: t.jsonl, format: trace}]
        rejects: rejects.jsonl
        """;

    [Fact]
    public void A_trace_sharing_an_ngram_is_dropped_and_the_reference_is_named()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        folder.Write("in.jsonl", samples);
        // The first sample's prompt is "Write a function to find the shared elements from the given two lists."; the
        // reference changes case and punctuation and adds words around it, leaving 8 words in common and in order.
        folder.Write("refs/bench.jsonl",
        [
            """{"question": "Compute the sum of squares of a list.", "id": 1}""",
            """{"question": "TASK: write a function, to find the SHARED elements from the given lists please", "id": 2}""",
        ]);
        folder.Write("refs/short.txt", "nothing here\n");
        var result = RecipeRun.Run(folder, Recipe);

        Assert.Equal(samples.Skip(1).Select(AgentTraceLines.Id), RecipeRun.Ids(folder["out/t.jsonl"]));
        Assert.Equal(1, RecipeRun.Counter(result, "decon", "dropped.contaminated"));
        var reject = Assert.Single(File.ReadAllLines(folder["out/rejects.jsonl"]));
        Assert.Contains(AgentTraceLines.Id(samples[0]), reject);
        Assert.Contains("refs/bench.jsonl:2", reject);
        Assert.Contains("write a function to find the shared elements", reject);
    }

    [Fact]
    public void A_reference_shorter_than_n_words_matches_as_a_whole_word_sequence()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        folder.Write("in.jsonl", samples);
        folder.Write("refs/bench.jsonl", """{"question": "unrelated text about nothing in particular at all today"}""" + "\n");
        // "Print the current user's name." is the sixth sample's prompt; "user" alone must not match "users".
        folder.Write("refs/short.txt", "current user's\nprint the curr\n");
        RecipeRun.Run(folder, Recipe);
        Assert.Equal(samples.Where((_, i) => i != 5).Select(AgentTraceLines.Id), RecipeRun.Ids(folder["out/t.jsonl"]));
        Assert.Contains("refs/short.txt:1", folder.Read("out/rejects.jsonl"));
    }

    [Fact]
    public void A_missing_reference_file_is_reported_at_its_line()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        folder.Write("refs/short.txt", "x\n");
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, Recipe));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(5, d.Line);
        Assert.Contains("refs/bench.jsonl", d.Message);
    }

    [Fact]
    public void A_reference_line_without_the_field_names_the_file_and_line()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        folder.Write("refs/bench.jsonl", """{"question": "a b c"}""" + "\n" + """{"text": "wrong field"}""" + "\n");
        folder.Write("refs/short.txt", "x\n");
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, Recipe));
        var d = Assert.Single(e.Diagnostics);
        Assert.EndsWith("bench.jsonl", d.Path);
        Assert.Equal(2, d.Line);
    }
}
