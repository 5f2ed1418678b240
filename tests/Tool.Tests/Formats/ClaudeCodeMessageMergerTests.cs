using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// A response's usage per request id (input-formats §4, "Streaming duplication"): the first line of a request gives the
/// input-side figures, the largest <c>output_tokens</c> of its lines wins, requests are kept in the order first seen and
/// summed for the message, and the file's ledger counts each (message id, request id) once. Expected figures by hand.
/// </summary>
public sealed class ClaudeCodeMessageMergerTests
{
    [Fact]
    public void Streamed_lines_of_one_request_keep_the_first_inputs_and_the_largest_output()
    {
        var merger = Merger("msg_1", ("req_1", 10, 5, 100, 7), ("req_1", 99, 12, 999, 99), ("req_1", 98, 9, 998, 98));
        Assert.Equal(1, merger.RequestCount);
        Assert.Equal(("req_1", Figures(10, 12, 100, 7)), merger.Request(0));
        Assert.Equal(Figures(10, 12, 100, 7), merger.Usage);
    }

    [Fact]
    public void Several_requests_are_kept_in_order_and_summed()
    {
        // req_1, req_2, a line without a request id, req_1 again with a larger output, req_2 with a smaller one.
        var merger = Merger("msg_1", ("req_1", 10, 5, 100, 7), ("req_2", 1, 2, null, 3), (null, 4, 4, 4, 4), ("req_1", 0, 20, 0, 0), ("req_2", 0, 1, 0, 0));
        Assert.Equal(3, merger.RequestCount);
        Assert.Equal(("req_1", Figures(10, 20, 100, 7)), merger.Request(0));
        Assert.Equal(("req_2", Figures(1, 2, null, 3)), merger.Request(1));
        Assert.Equal(("", Figures(4, 4, 4, 4)), merger.Request(2));
        Assert.Equal(new Usage { InputTokens = 15, OutputTokens = 26, CacheReadTokens = 104, CacheWriteTokens = 14, ApiCalls = 3, Approximate = true }, merger.Usage);
    }

    [Fact]
    public void A_response_without_usage_has_none()
    {
        var merger = new ClaudeCodeMessageMerger("msg_1", 1, null);
        merger.AddLine(Message("""{"id":"msg_1","model":"m","content":[]}"""), "req_1");
        Assert.Equal(0, merger.RequestCount);
        Assert.Null(merger.Usage);
    }

    [Fact]
    public void The_ledger_counts_each_request_of_a_message_once_and_a_message_without_id_always()
    {
        var ledger = new ClaudeCodeUsageLedger();
        var first = Merger("msg_1", ("req_1", 10, 5, 100, 7), ("req_2", 1, 2, null, 3));
        var again = Merger("msg_1", ("req_2", 50, 50, 50, 50), ("req_3", 1, 1, 1, 1)); // req_2 claimed already
        var anonymous = Merger(null, ("req_1", 2, 2, 2, 2));
        Assert.Equal(new Usage { InputTokens = 11, OutputTokens = 7, CacheReadTokens = 100, CacheWriteTokens = 10, ApiCalls = 2, Approximate = true },
            ledger.Claim([first]));
        Assert.Equal(new Usage { InputTokens = 3, OutputTokens = 3, CacheReadTokens = 3, CacheWriteTokens = 3, ApiCalls = 2, Approximate = true },
            ledger.Claim([again, anonymous]));
        Assert.Equal(Figures(2, 2, 2, 2), ledger.Claim([anonymous]));
        Assert.Same(Usage.Unknown, ledger.Claim([first]));
    }

    private static Usage Figures(long? input, long? output, long? read, long? write) => new()
    {
        InputTokens = input, OutputTokens = output, CacheReadTokens = read, CacheWriteTokens = write, ApiCalls = 1, Approximate = true,
    };

    private static ClaudeCodeMessageMerger Merger(string? messageId, params (string? Request, long In, long Out, long? Read, long Write)[] lines)
    {
        var merger = new ClaudeCodeMessageMerger(messageId, 1, null);
        foreach (var (request, input, output, read, write) in lines)
        {
            var readJson = read is null ? "null" : read.ToString();
            merger.AddLine(Message($$"""{"id":"{{messageId}}","model":"m","usage":{"input_tokens":{{input}},"output_tokens":{{output}},"cache_read_input_tokens":{{readJson}},"cache_creation_input_tokens":{{write}}},"content":[]}"""), request);
        }
        return merger;
    }

    private static JsonElement Message(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
