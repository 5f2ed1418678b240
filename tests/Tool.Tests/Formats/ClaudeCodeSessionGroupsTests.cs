using System.Text.Json;
using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="ClaudeCodeSessionGroups.Of"/>'s shortcut for a file of one session id against the general grouping by
/// linked ids (<see cref="ClaudeCodeSessionGroups.Linked"/>), and against the groups expected by hand.
/// </summary>
public sealed class ClaudeCodeSessionGroupsTests
{
    /// <summary>Lines as (uuid, parent, sessionId or null for none).</summary>
    public static TheoryData<string, string, string[]> Files() => new()
    {
        { "one id, the file named after another", "f", ["a,,s1", "b,a,s1", "c,b,s1"] },
        { "one id, the file named after it", "s1", ["a,,s1", "b,a,s1"] },
        { "no session ids", "f", ["a,,", "b,a,"] },
        { "the stem's id and lines without one", "s1", ["a,,s1", "b,a,", "c,b,s1"] },
        { "an id and lines without one", "f", ["a,,s1", "b,a,"] },
        { "two linked ids (a resume)", "s2", ["a,,s1", "b,a,s1", "c,b,s2"] },
        { "two unlinked ids", "f", ["a,,s1", "b,,s2", "c,b,s2"] },
        { "one line", "f", ["a,,s1"] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Of_groups_as_the_linked_grouping_does(string what, string stem, string[] lines)
    {
        var documents = new List<JsonDocument>();
        try
        {
            var nodes = Nodes(lines, documents);
            var expected = ClaudeCodeSessionGroups.Linked(nodes, ClaudeCodeSessionGroups.Keys(nodes, stem), stem).ToList();
            var actual = ClaudeCodeSessionGroups.Of(nodes, stem).ToList();
            Assert.True(expected.Count == actual.Count, what);
            for (var k = 0; k < expected.Count; k++)
            {
                Assert.Equal(expected[k].SessionId, actual[k].SessionId);
                Assert.Equal(expected[k].SessionIds, actual[k].SessionIds);
                Assert.Equal(expected[k].Nodes, actual[k].Nodes); // the same node objects, in the same order
            }
        }
        finally
        {
            foreach (var d in documents) d.Dispose();
        }
    }

    [Fact]
    public void A_file_of_one_id_is_one_session_named_after_it()
    {
        var documents = new List<JsonDocument>();
        var nodes = Nodes(["a,,s1", "b,a,s1", "c,,s1"], documents);
        var group = Assert.Single(ClaudeCodeSessionGroups.Of(nodes, "other-stem"));
        Assert.Equal("s1", group.SessionId);
        Assert.Equal(["s1"], group.SessionIds);
        Assert.Equal(["a", "b", "c"], group.Nodes.Select(n => n.Uuid));
        foreach (var d in documents) d.Dispose();
    }

    private static List<ClaudeCodeNode> Nodes(string[] lines, List<JsonDocument> documents)
    {
        var nodes = new List<ClaudeCodeNode>();
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(',');
            var doc = JsonDocument.Parse(parts[2].Length > 0 ? $"{{\"sessionId\":\"{parts[2]}\"}}" : "{}");
            documents.Add(doc);
            nodes.Add(new ClaudeCodeNode(parts[0], parts[1].Length > 0 ? parts[1] : null, null, false, "user", new SessionLine(i + 1, doc.RootElement)));
        }
        return nodes;
    }
}
