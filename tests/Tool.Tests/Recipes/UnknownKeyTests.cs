using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Recipes;

/// <summary>
/// Issue 28: unknown keys in output and input mappings were passed on and ignored. Every key of every mapping is now
/// checked, with the closest known key suggested, at the key's own line and column (counted by hand below).
/// </summary>
public sealed class UnknownKeyTests
{
    [Fact]
    public void A_misspelt_split_in_an_output_is_an_error_with_a_suggestion()
    {
        var d = RecipeChecks.Single("""
            name: x
            outputs:
              - path: train.jsonl
                format: original
                splt: train
            """);

        Assert.Equal(("TC0002", 5L, 5), (d.Code, d.Line, d.Column));
        Assert.StartsWith("unknown key 'splt' in an output (did you mean 'split'?); expected one of: path, format, split, subagents", d.Message);
    }

    [Fact]
    public void The_issue_recipe_no_longer_writes_the_test_split_into_train_jsonl()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());

        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: split-typo
            inputs: [in.jsonl]
            steps:
              - split: {parts: {train: 0.5, test: 0.5}, seed: 7}
            outputs:
              - {path: train.jsonl, format: original, splt: train}
            """));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((6L, 43), (d.Line, d.Column));
        Assert.Contains("unknown key 'splt'", d.Message);
        Assert.False(Directory.Exists(folder["out"]), "nothing is written when the recipe is refused");
    }

    [Fact]
    public void A_misspelt_format_is_reported_beside_the_missing_format()
    {
        var errors = RecipeChecks.Errors("""
            name: x
            outputs:
              - path: t.jsonl
                fromat: trace
            """);

        Assert.Equal(2, errors.Count);
        Assert.Equal((3L, 5), (errors[0].Line, errors[0].Column));
        Assert.StartsWith("an output needs 'format'", errors[0].Message);
        Assert.Equal((4L, 5), (errors[1].Line, errors[1].Column));
        Assert.StartsWith("unknown key 'fromat' in an output (did you mean 'format'?)", errors[1].Message);
    }

    [Fact]
    public void A_misspelt_reader_setting_in_an_input_is_an_error_with_a_suggestion()
    {
        var d = RecipeChecks.Single("""
            name: x
            inputs:
              - path: sessions/
                warmpu: include
            outputs:
              - {path: t.jsonl, format: trace}
            """);

        Assert.Equal(("TC0002", 4L, 5), (d.Code, d.Line, d.Column));
        Assert.StartsWith("unknown key 'warmpu' in an input (did you mean 'warmup'?); expected one of: path, format, skip_unknown, warmup, branches", d.Message);
    }

    [Fact]
    public void A_reader_setting_for_another_format_than_the_forced_one_is_an_error()
    {
        var d = RecipeChecks.Single("""
            name: x
            inputs:
              - path: sessions/
                format: claude-code
                branches: all
            outputs:
              - {path: t.jsonl, format: trace}
            """);

        Assert.Equal((5L, 5), (d.Line, d.Column));
        Assert.Equal("setting 'branches' does nothing for format 'claude-code': only pi read it; remove it or the format", d.Message);
    }

    [Fact]
    public void An_output_option_of_another_format_is_an_error_not_a_no_op()
    {
        var d = RecipeChecks.Single("""
            name: x
            outputs:
              - path: chat.jsonl
                format: openai
                codec: zstd
            """);

        Assert.Equal((5L, 5), (d.Line, d.Column));
        Assert.Equal("key 'codec' does nothing for format 'openai': only parquet, agenttrace-parquet, hf-dataset read it; remove it or change the format", d.Message);
    }

    [Fact]
    public void Every_documented_output_option_of_a_format_is_accepted()
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", """
            name: x
            outputs:
              - {path: a.jsonl, format: openai, include_thinking: true, include_metadata: true, system_prompt: hi, max_observation_chars: 10, compaction: keep, mask_errors: true, split: train, subagents: drop}
              - {path: b.parquet, format: parquet, codec: zstd, row_group_rows: 10, page_version: 2}
              - {path: c/, format: hf-dataset, license: mit, tags: a, title: t, codec: gzip}
              - {path: d.jsonl, format: trl, thinking_field: thinking}
              - {path: e.jsonl, format: tao, tao_style: react}
              - {path: f.jsonl, format: codeact, strict_101: true}
              - {path: g.html, format: report, by: agent, title: t}
            """);

        var recipe = RecipeLoader.Load(path);

        Assert.Equal(["a.jsonl", "b.parquet", "c/", "d.jsonl", "e.jsonl", "f.jsonl", "g.html"], recipe.Outputs.Select(o => o.Path));
        Assert.Equal("drop", recipe.Outputs[0].Settings["subagents"]);
    }

    [Fact]
    public void A_misspelt_key_inside_a_step_is_reported_at_the_key()
    {
        var d = RecipeChecks.Single("""
            name: x
            steps:
              - sample:
                  rate: 0.5
                  seed: 1
                  bye: t.Id
            outputs:
              - {path: t.jsonl, format: trace}
            """);

        Assert.Equal(("TC0002", 6L, 7), (d.Code, d.Line, d.Column));
        Assert.StartsWith("unknown key 'bye' in sample (did you mean 'by'?)", d.Message);
    }

    [Fact]
    public void A_misspelt_top_level_key_and_step_verb_get_suggestions()
    {
        var errors = RecipeChecks.Errors("""
            name: x
            stpes:
              - where: true
            steps:
              - wher: true
            outputs:
              - {path: t.jsonl, format: trace}
            """);

        Assert.Equal(2, errors.Count);
        Assert.Equal((2L, 1), (errors[0].Line, errors[0].Column));
        Assert.StartsWith("unknown key 'stpes' in the recipe (did you mean 'steps'?)", errors[0].Message);
        Assert.Equal((5L, 5), (errors[1].Line, errors[1].Column));
        Assert.StartsWith("unknown step 'wher' (did you mean 'where'?)", errors[1].Message);
    }

    [Fact]
    public void A_parameter_a_step_names_but_params_does_not_declare_gets_a_suggestion()
    {
        var d = RecipeChecks.Single("""
            name: x
            params:
              max_per_task: 2
            steps:
              - cap: {per: t.Id, max: P.max_per_tsk}
            outputs:
              - {path: t.jsonl, format: trace}
            """);

        Assert.Equal((5L, 27), (d.Line, d.Column));
        Assert.Contains("'max_per_tsk', which 'params:' does not declare (did you mean 'max_per_task'?)", d.Message);
    }

    [Fact]
    public void Set_of_a_misspelt_parameter_names_the_closest_one()
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", "name: x\nparams:\n  max_turns: 3\noutputs:\n  - {path: t.jsonl, format: trace}\n");

        var result = Support.Cli.Run("check", "--no-cache", "--set", "max_turn=5", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--set max_turn: unknown parameter (did you mean 'max_turns'?)", result.Err);
    }

    [Fact]
    public void Check_reports_three_independent_errors_in_one_pass_and_exits_1()
    {
        var (exit, errors) = RecipeChecks.Check("""
            name: x
            descripton: three mistakes
            steps:
              - wher: t.Actions.Count > 2
            outputs:
              - path: t.jsonl
                format: trace
                splt: train
            """);

        Assert.Equal(1, exit);
        Assert.Equal(
            [("TC0002", 2L, 1, "unknown key 'descripton' in the recipe (did you mean 'description'?)"),
             ("TC0002", 4L, 5, "unknown step 'wher' (did you mean 'where'?)"),
             ("TC0002", 8L, 5, "unknown key 'splt' in an output (did you mean 'split'?)")],
            errors.Select(e => (e.Code, e.Line, e.Column, e.Message[..(e.Message.IndexOf('?') + 2)])));
    }

    [Theory]
    [InlineData("splt", "split")]
    [InlineData("fromat", "format")]
    [InlineData("warmpu", "warmup")]
    [InlineData("FORMAT", "format")]
    public void Did_you_mean_finds_the_key_one_edit_away(string typed, string expected) =>
        Assert.Equal(expected, DidYouMean.Closest(typed, ["path", "format", "split", "warmup", "subagents"]));

    [Theory]
    [InlineData("xyz")]
    [InlineData("compression")]
    public void Did_you_mean_suggests_nothing_for_a_name_far_from_every_key(string typed) =>
        Assert.Null(DidYouMean.Closest(typed, ["path", "format", "split", "codec"]));
}
