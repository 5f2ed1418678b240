using TraceCurate.Steps.Dedup;


namespace TraceCurate.Tests.Pipeline.Dedup;

public sealed class MinHashTests
{
    private static string Words(int from, int to) => string.Join(' ', Enumerable.Range(from, to - from).Select(i => $"w{i}"));

    [Theory]
    // 200 words vs. the same with words 100..109 replaced: 5-shingles 196 each, 182 shared, 210 in the union.
    [InlineData(0, 0.8667)]
    // Words 0..199 vs. 50..249: 150 words shared, 146 shared shingles of 246 in the union.
    [InlineData(1, 0.5935)]
    public void The_signature_similarity_estimates_the_shingle_Jaccard_similarity(int pair, double jaccard)
    {
        var (a, b) = pair == 0
            ? (Words(0, 200), Words(0, 100) + " " + string.Join(' ', Enumerable.Range(0, 10).Select(i => $"x{i}")) + " " + Words(110, 200))
            : (Words(0, 200), Words(50, 250));
        var minHash = new MinHash(256, 5);
        var estimate = MinHash.Similarity(minHash.Signature(a), minHash.Signature(b));
        Assert.InRange(estimate, jaccard - 0.1, jaccard + 0.1);
    }

    [Fact]
    public void Identical_texts_match_fully_and_disjoint_texts_hardly_at_all()
    {
        var minHash = new MinHash(128, 5);
        Assert.Equal(1.0, MinHash.Similarity(minHash.Signature("The Same words, here."), minHash.Signature("the same WORDS here")));
        Assert.True(MinHash.Similarity(minHash.Signature(Words(0, 100)), minHash.Signature(Words(500, 600))) < 0.05);
    }

    [Fact]
    public void Words_are_lower_cased_runs_of_letters_and_digits()
    {
        Assert.Equal(["café", "x2", "don", "t", "ünïcode"], MinHash.Words("Café, X2;  don't\n\tÜnïcode!"));
    }
}
