using System.Text.Json.Nodes;
using FlowLens.Core.Composition;
using FlowLens.Core.Tests.Doubles;

namespace FlowLens.Core.Tests.Composition;

/// <summary>Every selection shape of <c>tests/fixtures/core/selection-shapes</c> reads as the same selection, with its repairs named.</summary>
public sealed class SelectionShapeTests
{
    private const string Expected = """{"draft":{"w":0.9,"n":3,"temperature":0.5},"vote":{"w":0.7},"plan":{"w":0.2}}""";

    public static TheoryData<string> Shapes()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Fixtures("selection-shapes"), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_shape_reads_as_the_expected_json_and_names_its_repairs(string file)
    {
        var (shape, repairs, raw) = Load(file);
        var (json, made) = LenientJsonReader.Read(raw, LenientJsonOptions.Selection);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Expected), JsonNode.Parse(json)), $"{shape}: read as {json}");
        if (repairs.Count == 0)
        {
            Assert.Empty(made);
        }

        foreach (var repair in repairs)
        {
            Assert.Contains(repair, made);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_shape_selects_draft_and_vote(string file)
    {
        var (_, _, raw) = Load(file);
        var (selected, weights, _) = SelectionParser.Parse(raw, Fixtures.Library, 0.5);
        Assert.Equal(["draft", "vote"], selected.Select(s => s.Id));
        Assert.Equal(3, selected[0].Parameters["n"]);
        Assert.Equal(0.5, selected[0].Parameters["temperature"]);
        Assert.Equal(0.2, weights["plan"]);
    }

    [Fact]
    public void A_number_inside_a_string_key_or_text_is_left_alone_unless_asked()
    {
        var (json, repairs) = LenientJsonReader.Read("""{"a": "0.8", "b": "zero"}""", new LenientJsonOptions());
        Assert.Equal("""{"a":"0.8","b":"zero"}""", json);
        Assert.Empty(repairs);
    }

    [Theory]
    [InlineData("", "the model returned nothing")]
    [InlineData("   \n", "the model returned nothing")]
    [InlineData("I cannot help with that.", "holds no JSON object")]
    [InlineData("<think>I should pick {\"draft\": 1} but", "unfinished <think> block")]
    [InlineData("{\"draft\": {\"w\": 0.9}", "ends before the JSON is complete")]
    [InlineData("{\"draft\": {\"w\": 0.9 \"n\": 2}}", "expected ','")]
    [InlineData("{\"draft\": /* never closed", "comment is not closed")]
    [InlineData("{\"draft\": zero}", "'zero' at character 10 is not a JSON value")]
    public void Unreadable_answers_are_rejected_with_the_reason(string raw, string reason)
    {
        var e = Assert.Throws<SelectionRejectedException>(() => LenientJsonReader.Read(raw, LenientJsonOptions.Selection));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_past_the_limit_is_rejected_not_recursed()
    {
        var raw = new string('[', 10_000);
        var e = Assert.Throws<SelectionRejectedException>(() => LenientJsonReader.Read("{\"a\":" + raw, LenientJsonOptions.Selection));
        Assert.Contains("deeper than 32", e.Message, StringComparison.Ordinal);
    }

    private static (string Shape, List<string> Repairs, string Raw) Load(string file)
    {
        var text = File.ReadAllText(RepoPaths.Fixtures("selection-shapes", file));
        var lines = text.Split('\n');
        Assert.Equal("---", lines[0].TrimEnd('\r'));
        var end = Array.FindIndex(lines, 1, l => l.TrimEnd('\r') == "---");
        var header = lines[1..end].Select(l => l.TrimEnd('\r')).ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        var repairs = header["repairs"] == "none" ? [] : header["repairs"].Split(';').Select(r => r.Trim()).ToList();
        return (header["shape"], repairs, string.Join('\n', lines[(end + 1)..]));
    }
}
