using TraceCurate.Exports;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// <see cref="CallMatcher.Match"/> gives a message's actions in action order whatever the order of its calls, each
/// action once: the expectations are written out by hand.
/// </summary>
public sealed class CallMatcherTests
{
    private static Action Act(int index, string id, int turn = 1) =>
        new() { Index = index, Id = id, Name = "bash", Turn = turn };

    private static Message Calls(int turn, params string[] ids) =>
        new() { Role = Role.Assistant, Turn = turn, ToolCalls = [.. ids.Select(id => new ToolCall { Id = id, Name = "bash" })] };

    [Fact]
    public void Calls_named_out_of_order_come_back_in_action_order()
    {
        Action[] actions = [Act(0, "a"), Act(1, "b"), Act(2, "c"), Act(3, "d"), Act(4, "e")];
        var trace = new Trace { Id = "t", Format = "test", Actions = actions, Messages = [Calls(1, "d", "a", "e", "b"), Calls(2, "c")] };
        var matcher = new CallMatcher(trace);
        Assert.Equal(["a", "b", "d", "e"], matcher.Match(trace.Messages[0]).Select(a => a.Id));
        Assert.Equal(["c"], matcher.Match(trace.Messages[1]).Select(a => a.Id));
    }

    [Fact]
    public void Calls_without_ids_take_the_unused_actions_in_order()
    {
        Action[] actions = [Act(0, "x"), Act(1, "y"), Act(2, "z")];
        var trace = new Trace
        {
            Id = "t", Format = "test", Actions = actions,
            Messages = [Calls(1, "z"), new Message { Role = Role.Assistant, Turn = 2, ToolCalls = [new ToolCall { Name = "bash" }, new ToolCall { Name = "bash" }] }],
        };
        var matcher = new CallMatcher(trace);
        Assert.Equal(["z"], matcher.Match(trace.Messages[0]).Select(a => a.Id));
        Assert.Equal(["x", "y"], matcher.Match(trace.Messages[1]).Select(a => a.Id));
    }
}
