using System.Text.Json;
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
    public void A_tuple_gives_parameters_in_their_listed_order_and_extra_values_are_dropped_with_a_reason()
    {
        var (selected, _, repairs) = SelectionParser.Parse("""{"steps":["plan",["draft",3],["repair",9,1,1]]}""", Fixtures.Library, 0.5);

        Assert.Equal(["plan", "draft", "repair"], selected.Select(s => s.Id));
        Assert.Equal(3, selected[1].Parameters["n"]);
        Assert.Equal(Fixtures.Library["draft"].Parameter("temperature")!.Default, selected[1].Parameters["temperature"]);
        Assert.Equal(Fixtures.Library["repair"].Parameter("rounds")!.Maximum, selected[2].Parameters["rounds"]);
        Assert.Equal(["repair.rounds: 9 is outside 1..3, clamped to 3", "repair: dropped 2 value(s) beyond its 1 parameter(s)"], repairs);
    }

    [Fact]
    public void A_bare_id_of_a_capability_with_parameters_runs_with_its_defaults()
    {
        var (selected, _, repairs) = SelectionParser.Parse("""{"steps":["draft","repair",{"id":"edge-tests","count":2}]}""", Fixtures.Library, 0.5);

        Assert.Equal(["draft", "repair", "edge-tests"], selected.Select(s => s.Id));
        Assert.Equal(Fixtures.Library["draft"].Parameters.ToDictionary(p => p.Name, p => p.Default), selected[0].Parameters);
        Assert.Equal(Fixtures.Library["repair"].Parameters.Single().Default, selected[1].Parameters["rounds"]);
        Assert.Equal(2, selected[2].Parameters["count"]);
        Assert.Empty(repairs);
    }

    [Fact]
    public void A_list_of_chosen_capabilities_keeps_their_order_and_parameters()
    {
        var (selected, weights, repairs) = SelectionParser.Parse("""{"steps":[{"id":"draft","n":3,"temperature":0.5},{"id":"repair","rounds":2},{"id":"vote"}]}""", Fixtures.Library, 0.5);

        Assert.Equal(["draft", "repair", "vote"], selected.Select(s => s.Id));
        Assert.Equal(3, selected[0].Parameters["n"]);
        Assert.Equal(0.5, selected[0].Parameters["temperature"]);
        Assert.Equal(2, selected[1].Parameters["rounds"]);
        Assert.Equal(1, weights["draft"]);
        Assert.Equal(0, weights["plan"]);
        Assert.Equal(Fixtures.Library.Capabilities.Count, weights.Count);
        Assert.Empty(repairs);
    }

    [Fact]
    public void A_list_drops_unknown_repeated_and_surplus_choices_with_reasons()
    {
        var raw = """{"steps":[{"id":"plan"},{"id":"teleport"},{"id":"draft","n":9,"colour":2},{"id":"plan"},"edge-tests",{"id":"review"},{"id":"revise"},{"n":2}],"why":"because"}""";

        var (selected, _, repairs) = SelectionParser.Parse(raw, Fixtures.Library, 0.5, maxCapabilities: 4);

        Assert.Equal(["plan", "draft", "edge-tests", "review"], selected.Select(s => s.Id));
        Assert.Equal(5, selected[1].Parameters["n"]);
        Assert.Equal(
        [
            "dropped unknown capability 'teleport'",
            "draft.n: 9 is outside 1..5, clamped to 5",
            "draft: dropped unknown parameter 'colour'",
            "dropped a repeated 'plan' (a capability runs once; its first parameters are kept)",
            "dropped a step without a capability id ({\"n\":2})",
            "ignored 'why' beside the list of steps",
            "dropped revise: at most 4 capabilities are chosen",
        ],
            repairs);
    }

    [Fact]
    public void The_older_weight_shape_is_capped_at_k_keeping_the_heaviest()
    {
        var raw = """{"plan":{"w":0.6},"draft":{"w":0.9,"n":2,"temperature":0.7},"run-tests":{"w":0.95},"repair":{"w":0.8,"rounds":1},"vote":{"w":0.55}}""";

        var (selected, weights, repairs) = SelectionParser.Parse(raw, Fixtures.Library, 0.5, maxCapabilities: 3);

        Assert.Equal(["draft", "run-tests", "repair"], selected.Select(s => s.Id));
        Assert.Equal(0.6, weights["plan"]);
        Assert.Equal("dropped plan, vote: at most 3 capabilities are chosen", Assert.Single(repairs));
    }

    [Theory]
    [InlineData("""{"steps":"draft"}""")]
    [InlineData("""{"steps":[1,2]}""")]
    public void A_list_that_names_no_capability_is_rejected(string raw) =>
        Assert.Throws<SelectionRejectedException>(() => SelectionParser.Parse(raw, Fixtures.Library, 0.5));

    [Fact]
    public void Schema_is_a_short_list_of_ids_with_their_parameter_ranges_written_only_to_change_defaults()
    {
        var schema = SelectionSchema.Build(Fixtures.Library, 3);

        var steps = schema.GetProperty("properties").GetProperty("steps");
        Assert.Equal("array", steps.GetProperty("type").GetString());
        Assert.Equal(1, steps.GetProperty("minItems").GetInt32());
        Assert.Equal(3, steps.GetProperty("maxItems").GetInt32());
        var items = steps.GetProperty("items").GetProperty("anyOf").EnumerateArray().ToList();

        // Every capability may be a bare id (its defaults); each one with parameters may also be a tuple of its id and
        // its parameters in their listed order, at least the first.
        var plain = items.Single(i => i.GetProperty("type").GetString() == "string").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        var tuples = items.Where(i => i.GetProperty("type").GetString() == "array").ToList();
        Assert.Equal(Fixtures.Library.Capabilities.Select(c => c.Id).Order(StringComparer.Ordinal), plain.Order(StringComparer.Ordinal));
        var parameterised = tuples.Select(t => t.GetProperty("prefixItems")[0].GetProperty("const").GetString()!).ToList();
        Assert.Equal(Fixtures.Library.Capabilities.Where(c => c.Parameters.Count > 0).Select(c => c.Id).Order(StringComparer.Ordinal), parameterised.Order(StringComparer.Ordinal));
        var draft = tuples.Single(t => t.GetProperty("prefixItems")[0].GetProperty("const").GetString() == "draft");
        Assert.Equal(2, draft.GetProperty("minItems").GetInt32());
        Assert.Equal(JsonValueKind.False, draft.GetProperty("items").ValueKind);
        var n = draft.GetProperty("prefixItems")[1];
        Assert.Equal("integer", n.GetProperty("type").GetString());
        Assert.Equal(5, n.GetProperty("maximum").GetDouble());
        Assert.Equal("number", draft.GetProperty("prefixItems")[2].GetProperty("type").GetString());
    }
}
