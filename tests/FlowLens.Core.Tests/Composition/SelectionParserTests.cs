using FlowLens.Core.Composition;
using FlowLens.Core.Tests.Doubles;

namespace FlowLens.Core.Tests.Composition;

public sealed class SelectionParserTests
{
    [Fact]
    public void Valid_selection_keeps_weights_at_or_above_the_threshold()
    {
        var (selected, weights, repairs) = SelectionParser.Parse("""{"draft":{"w":0.9,"n":3,"temperature":0.5},"vote":{"w":0.7},"plan":{"w":0.2}}""", Fixtures.Library, 0.5);
        Assert.Equal(["draft", "vote"], selected.Select(s => s.Id));
        Assert.Equal(3, selected[0].Parameters["n"]);
        Assert.Equal(0.2, weights["plan"]);
        Assert.Equal(0, weights["repair"]);
        Assert.Empty(repairs);
    }

    [Fact]
    public void Out_of_range_and_unknown_values_are_repaired_with_reasons()
    {
        var (selected, _, repairs) = SelectionParser.Parse("""Here: {"draft":{"w":1.5,"n":40,"temperature":"hot","colour":1},"teleport":{"w":1}}""", Fixtures.Library, 0.5);
        var draft = Assert.Single(selected);
        Assert.Equal(5, draft.Parameters["n"]);
        Assert.Equal(0.7, draft.Parameters["temperature"]);
        Assert.Equal(
        [
            "ignored the prose before the JSON",
            "draft.n: 40 is outside 1..5, clamped to 5",
            "draft.temperature: not a number, used the default 0.7",
            "draft: dropped unknown parameter 'colour'",
            "draft: weight 1.5 clamped into 0..1",
            "dropped unknown capability 'teleport'",
        ],
            repairs);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"draft\": ")]
    public void Unreadable_output_is_rejected(string raw) =>
        Assert.Throws<SelectionRejectedException>(() => SelectionParser.Parse(raw, Fixtures.Library, 0.5));

    [Fact]
    public void Schema_lists_every_capability_with_its_parameter_ranges()
    {
        var schema = SelectionSchema.Build(Fixtures.Library);
        var properties = schema.GetProperty("properties");
        Assert.Equal(Fixtures.Library.Capabilities.Select(c => c.Id), properties.EnumerateObject().Select(p => p.Name));
        var n = properties.GetProperty("draft").GetProperty("properties").GetProperty("n");
        Assert.Equal("integer", n.GetProperty("type").GetString());
        Assert.Equal(5, n.GetProperty("maximum").GetDouble());
    }
}
