using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// The training outputs read back by the chat-row reader: writing what was read gives the same records, so a dataset
/// published with the tool can be curated again with it.
/// </summary>
public sealed class ChatRowRoundTripTests
{
    [Theory]
    [InlineData("openai")]
    [InlineData("trl")]
    [InlineData("sharegpt")]
    public void A_training_output_read_back_writes_the_same_conversations(string format)
    {
        using var temp = new TempFolder();
        var first = Export.Lines(format, null, SpecScenario.WithSed(), SpecScenario.WithEdit());
        var path = temp.Write($"out.{format}.jsonl", first);
        Assert.Equal("chat-rows", FormatDetector.Detect(path).Format);
        var read = ReaderRun.File(new ChatRowsReader(), path, ReadOptions.Default).Select(TraceAnalyzer.Analyze).ToArray();
        Assert.Equal(2, read.Length);
        Assert.Equal(SpecScenario.WithEdit().Actions.Select(a => a.Name), read[1].Actions.Select(a => a.Name));
        Assert.Equal(SpecScenario.WithEdit().Actions.Select(a => a.Output), read[1].Actions.Select(a => a.Output));
        Assert.Equal(SpecScenario.Task, read[0].Task);
        Assert.Equal(first, Export.Lines(format, null, read));
    }
}
