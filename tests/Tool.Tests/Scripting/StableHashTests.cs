using TraceCurate.Scripting;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Scripting;

/// <summary>
/// <c>Stable.Hash</c>, the guard's replacement for <c>string.GetHashCode</c>: the expected values were computed with
/// Python's hashlib, independently of the tool:
/// <c>int.from_bytes(hashlib.sha256(s.encode()).digest()[:8], "big")</c>, and for Unit that value <c>&gt;&gt; 11</c> over 2^53.
/// </summary>
public sealed class StableHashTests
{
    [Theory]
    [InlineData("", 16406829232824261652UL, 0.8894159948913373)]
    [InlineData("abc", 13436514500253700074UL, 0.7283949105904021)]
    [InlineData("t0001", 9892440221223710786UL, 0.5362702589516866)]
    [InlineData("héllo ✓", 6221667838940521860UL, 0.3372772893731253)]
    public void Hash_and_Unit_match_sha256_computed_elsewhere(string text, ulong hash, double unit)
    {
        Assert.Equal(hash, Stable.Hash(text));
        Assert.Equal(unit, Stable.Unit(text));
    }

    [Fact]
    public void A_long_text_hashes_like_python_too() =>
        // python3 -c 'import hashlib; print(int.from_bytes(hashlib.sha256(("ab"*1000).encode()).digest()[:8], "big"))'
        Assert.Equal(LongTextHash, Stable.Hash(string.Concat(Enumerable.Repeat("ab", 1000))));

    private const ulong LongTextHash = 7597039567553505832UL;

    [Fact]
    public void Null_text_throws_a_message_that_says_what_to_pass()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Stable.Hash(null!));
        Assert.Contains("t.Cwd ?? \"\"", e.Message);
    }

    [Fact]
    public void A_snippet_sees_Stable_without_a_using_and_gets_the_same_value()
    {
        var set = new SnippetSet();
        var key = set.AddKey(SnippetText.Inline("Stable.Hash(t.Id)", "inline.yaml"));
        using var compiled = new SnippetCompiler(CompileCache.Disabled).Compile(set, []);
        Assert.Equal(9892440221223710786UL, key.Delegate(Some.Trace("t0001")));
    }
}
