using System.Text;
using System.Text.RegularExpressions;
using TraceCurate.Exports;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// <see cref="ChatConversation.ToolName"/> answers a name that is already clean without running its regex. Its answer
/// must stay §0's rule, computed here independently: every character outside <c>[A-Za-z0-9_-]</c> replaced by an
/// underscore, "tool" for an empty name, at most 64 characters; for clean names, names with one odd character, empty
/// ones and names on both sides of 64 characters.
/// </summary>
public sealed class ChatToolNameTests
{
    private const string Clean = "abcXYZ019_-";
    private const string Odd = " .:/\n\u00e9\u2192";

    [Fact]
    public void Names_follow_the_rule_whether_clean_or_not()
    {
        var random = new Random(31);
        var (clean, cleaned) = (0, 0);
        for (var i = 0; i < 4000; i++)
        {
            var name = new StringBuilder();
            var length = random.Next(4) == 0 ? random.Next(60, 70) : random.Next(0, 12);
            var odd = random.Next(3) == 0;
            for (var k = 0; k < length; k++) name.Append(odd && random.Next(8) == 0 ? Odd[random.Next(Odd.Length)] : Clean[random.Next(Clean.Length)]);
            var expected = Rule(name.ToString());
            if (expected == name.ToString()) clean++; else cleaned++;
            Assert.Equal(expected, ChatConversation.ToolName(name.ToString()));
        }
        Assert.True(clean > 1000 && cleaned > 800, $"{clean} clean, {cleaned} cleaned");
    }

    private static string Rule(string name)
    {
        var replaced = Regex.Replace(name, "[^A-Za-z0-9_-]", "_");
        if (replaced.Length == 0) return "tool";
        return replaced.Length > 64 ? replaced[..64] : replaced;
    }
}
