using TextTools;

namespace TextTools.Tests;

public class RunLengthTests
{
    [Fact]
    public void Empty_text_stays_empty() => Assert.Equal("", RunLength.Compress(""));

    [Fact]
    public void Single_characters_are_kept() => Assert.Equal("abc", RunLength.Compress("abc"));

    [Theory]
    [InlineData("aaabcc", "a3bc2")]
    [InlineData("zzzzzzzzzzzz", "z12")]
    [InlineData("aabbaa", "a2b2a2")]
    public void Runs_become_character_and_count(string text, string expected) =>
        Assert.Equal(expected, RunLength.Compress(text));
}
