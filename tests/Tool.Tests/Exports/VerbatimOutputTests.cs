using System.Text;
using System.Text.Json.Nodes;
using TraceCurate.Exports;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// Chat writers copy a tool output's record bytes when they are what the writer would write (ChatCall.WriteOutput).
/// Every JSON chat format must give the same record whether an output took that path or was decoded and escaped
/// again, for outputs on both sides of the line: escapes the writer uses, escapes it does not, non-ASCII text, and
/// outputs near and over the truncation limit.
/// </summary>
public sealed class VerbatimOutputTests
{
    private const int Max = 500;

    // Raw JSON string values (quotes included), spliced into the record as written, so the test controls each byte.
    private static readonly string[] Outputs =
    [
        Quoted("Traceback (most recent call last):\\n  File \\\"x.py\\\", line 1\\n\\tNameError: <a & b> 'c' + `d` \\\\ done", 3),
        Quoted("caf\u00e9 \u4e2d\u6587 output with raw UTF-8 text\\n", 4),
        Quoted("\\u0041 escaped letter and a \\/ slash the writer would not keep\\n", 3),
        Quoted(new string('x', 40) + "\\n", 50), // 2,100 bytes, 2,050 characters: truncated to 500
        Quoted(new string('y', 8) + "\\n", 55), // 550 bytes, 495 characters: under the limit, though not by bytes
    ];

    public static TheoryData<string> Formats => new() { "openai", "anthropic", "trl", "codeact" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Copied_outputs_give_the_same_records_as_decoded_ones(string format)
    {
        var options = new ExportOptions { MaxObservationChars = Max };
        var line = Record();
        var fresh = Read(line);
        var decoded = Read(line);
        foreach (var a in decoded.Actions) _ = a.Output; // every output decoded: the writer's general path

        var copied = Export.Lines(format, options, fresh);

        Assert.Equal(Export.Lines(format, options, decoded), copied);
        // The printable-ASCII output and the raw UTF-8 one (which the relaxed encoder leaves as it is) were copied, never
        // decoded; the one with escapes the writer does not use was decoded; the long ones, in the writer's spelling,
        // were cut from their bytes (VerbatimTruncation).
        Assert.NotNull(fresh.Actions[0].PendingRawOutput);
        Assert.NotNull(fresh.Actions[1].PendingRawOutput);
        if (format == "anthropic") return; // it leaves out the last turn's results, which hold the other outputs
        Assert.Null(fresh.Actions[2].PendingRawOutput);
        Assert.All(fresh.Actions.Skip(3), a => Assert.NotNull(a.PendingRawOutput));
        Assert.Contains("chars truncated", Assert.Single(copied));
    }

    [Fact]
    public void No_limit_copies_even_a_long_output()
    {
        var options = new ExportOptions { MaxObservationChars = 0 };
        var fresh = Read(Record());
        var decoded = Read(Record());
        foreach (var a in decoded.Actions) _ = a.Output;

        Assert.Equal(Export.Lines("openai", options, decoded), Export.Lines("openai", options, fresh));
        Assert.NotNull(fresh.Actions[3].PendingRawOutput);
        Assert.DoesNotContain("chars truncated", Assert.Single(Export.Lines("openai", options, fresh)));
    }

    private static string Quoted(string repeat, int times) => "\"" + string.Concat(Enumerable.Repeat(repeat, times)) + "\"";

    /// <summary>A sample record with one tool span per output, each output spliced in as raw JSON.</summary>
    private static string Record()
    {
        var line = AgentTraceLines.Edit(AgentTraceLines.Samples()[0], o =>
        {
            var span = o["spans"]![0]!;
            o["spans"] = new JsonArray(Outputs.Select((_, i) =>
            {
                var copy = span.DeepClone();
                copy["span_id"] = $"s{i}";
                copy["tool_output"] = $"@@{i}@@";
                return (JsonNode)copy;
            }).ToArray());
        });
        for (var i = 0; i < Outputs.Length; i++) line = line.Replace($"\"@@{i}@@\"", Outputs[i]);
        return line;
    }

    private static Trace Read(string line)
    {
        var reader = new AgentTraceReader();
        var trace = reader.Parse(new RawRecord(new InputFile("x.jsonl", reader, ReadOptions.Default), 1, Encoding.UTF8.GetBytes(line)), ReadOptions.Default).Single();
        var analyzed = TraceAnalyzer.Analyze(trace);
        Assert.Equal(Outputs.Length, analyzed.Actions.Count);
        Assert.All(analyzed.Actions, a => Assert.NotNull(a.PendingRawOutput)); // each output is long enough to be read lazily
        return analyzed;
    }
}
