using System.Text.Json;

namespace FlowLens.Inference.Tests;

/// <summary>Whatever a random model samples, schema-constrained output must parse and validate.</summary>
[Collection(LlamaCollection.Name)]
public sealed class GrammarPropertyTests(TinyModelFixture fixture)
{
    internal const string Schema = """
        {
          "type": "object",
          "properties": {
            "kind": { "type": "string", "enum": ["bug", "smell", "ok"] },
            "line": { "type": "integer", "minimum": 1, "maximum": 500 },
            "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
            "fixed": { "type": "boolean" },
            "tags": { "type": "array", "items": { "type": "string", "maxLength": 6 }, "maxItems": 3 },
            "note": { "type": "string", "maxLength": 12 }
          }
        }
        """;

    [Fact]
    public async Task One_hundred_seeds_all_produce_valid_json_for_the_schema()
    {
        using var schema = JsonDocument.Parse(Schema);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (uint seed = 0; seed < 100; seed++)
        {
            var options = new GenerationOptions { JsonSchema = schema.RootElement, Seed = seed, Temperature = 1.0f, TopP = 1, MinP = 0, MaxTokens = 256 };
            var (text, counters) = await fixture.Context.GenerateTextAsync("Review this code and answer in JSON:", options);

            Assert.True(counters.FinishReason == FinishReason.EndOfGeneration, $"seed {seed}: {counters.FinishReason} after {text}");
            AssertValid(text, seed);
            distinct.Add(text);
        }

        // Seeds must really change the output, or this test would prove nothing.
        Assert.True(distinct.Count > 50, $"only {distinct.Count} distinct outputs");
    }

    /// <summary>The meta-agent's selection shape: per capability a weight in [0, 1] and ranged parameters.</summary>
    internal const string SelectionLikeSchema = """
        {
          "type": "object",
          "properties": {
            "tone": { "type": "object", "properties": { "w": { "type": "number", "minimum": 0, "maximum": 1 }, "temperature": { "type": "number", "minimum": 0, "maximum": 1.5 } } },
            "depth": { "type": "object", "properties": { "w": { "type": "number", "minimum": 0, "maximum": 1 }, "levels": { "type": "integer", "minimum": 1, "maximum": 5 }, "bias": { "type": "number", "minimum": -0.5, "maximum": 0.25 } } },
            "focus": { "type": "object", "properties": { "w": { "type": "number", "minimum": 0, "maximum": 1 }, "scale": { "type": "number", "minimum": 0.1, "maximum": 2.75 } } }
          }
        }
        """;

    [Fact]
    public async Task Sampled_selection_numbers_parse_stay_in_range_and_can_be_fractional()
    {
        using var schema = JsonDocument.Parse(SelectionLikeSchema);
        var ranges = new Dictionary<string, (double Min, double Max)>
        {
            ["tone.w"] = (0, 1), ["tone.temperature"] = (0, 1.5), ["depth.w"] = (0, 1), ["depth.levels"] = (1, 5),
            ["depth.bias"] = (-0.5, 0.25), ["focus.w"] = (0, 1), ["focus.scale"] = (0.1, 2.75),
        };
        var fractionalWeights = 0;
        for (uint seed = 0; seed < 40; seed++)
        {
            var options = new GenerationOptions { JsonSchema = schema.RootElement, Seed = seed, Temperature = 1.0f, TopP = 1, MinP = 0, MaxTokens = 200 };
            var (text, counters) = await fixture.Context.GenerateTextAsync("Select capabilities as JSON:", options);
            Assert.True(counters.FinishReason == FinishReason.EndOfGeneration, $"seed {seed}: {counters.FinishReason} after {text}");
            using var document = JsonDocument.Parse(text);
            foreach (var capability in document.RootElement.EnumerateObject())
            {
                foreach (var parameter in capability.Value.EnumerateObject())
                {
                    var (min, max) = ranges[$"{capability.Name}.{parameter.Name}"];
                    var value = parameter.Value.GetDouble();
                    Assert.True(value >= min && value <= max, $"seed {seed}: {capability.Name}.{parameter.Name} = {value} outside [{min}, {max}] in {text}");
                    if (parameter.Name == "w" && value is > 0 and < 1)
                    {
                        fractionalWeights++;
                    }
                }
            }
        }

        // A random model mostly stops after "0" or "1"; a few fractions prove the grammar allows them (5 with these seeds).
        Assert.True(fractionalWeights >= 2, $"only {fractionalWeights} weights strictly between 0 and 1");
    }

    /// <summary>
    /// The sparse selection's shape: a list of at most 4 chosen capabilities, each a bare id (defaults) or a tuple of the
    /// id and its ranged parameters in order, later ones optional.
    /// </summary>
    internal const string SparseSelectionSchema = """
        {
          "type": "object",
          "properties": {
            "steps": {
              "type": "array", "minItems": 1, "maxItems": 4,
              "items": { "anyOf": [
                { "type": "string", "enum": ["plan", "draft", "repair", "run-tests", "vote", "review"] },
                { "type": "array", "prefixItems": [ { "const": "draft" }, { "type": "integer", "minimum": 1, "maximum": 5 }, { "type": "number", "minimum": 0, "maximum": 1.5 } ], "minItems": 2, "maxItems": 3, "items": false },
                { "type": "array", "prefixItems": [ { "const": "repair" }, { "type": "integer", "minimum": 1, "maximum": 3 } ], "minItems": 2, "maxItems": 2, "items": false }
              ] }
            }
          },
          "required": ["steps"],
          "additionalProperties": false
        }
        """;

    [Fact]
    public async Task Sampled_sparse_selections_are_short_lists_of_known_ids_with_ranged_parameters()
    {
        using var schema = JsonDocument.Parse(SparseSelectionSchema);
        var ranges = new Dictionary<string, (double Min, double Max)[]> { ["draft"] = [(1, 5), (0, 1.5)], ["repair"] = [(1, 3)] };
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lengths = new HashSet<int>();
        var forms = new HashSet<JsonValueKind>();
        for (uint seed = 0; seed < 40; seed++)
        {
            var options = new GenerationOptions { JsonSchema = schema.RootElement, Seed = seed, Temperature = 1.0f, TopP = 1, MinP = 0, MaxTokens = 200 };
            var (text, counters) = await fixture.Context.GenerateTextAsync("Select capabilities as JSON:", options);
            Assert.True(counters.FinishReason == FinishReason.EndOfGeneration, $"seed {seed}: {counters.FinishReason} after {text}");
            using var document = JsonDocument.Parse(text);
            var steps = document.RootElement.GetProperty("steps").EnumerateArray().ToList();
            Assert.InRange(steps.Count, 1, 4);
            lengths.Add(steps.Count);
            foreach (var step in steps)
            {
                forms.Add(step.ValueKind);
                if (step.ValueKind == JsonValueKind.String)
                {
                    ids.Add(step.GetString()!);
                    continue;
                }

                var tuple = step.EnumerateArray().ToList();
                var id = tuple[0].GetString()!;
                ids.Add(id);
                Assert.InRange(tuple.Count - 1, 1, ranges[id].Length);
                foreach (var (value, (min, max)) in tuple.Skip(1).Zip(ranges[id]))
                {
                    Assert.InRange(value.GetDouble(), min, max);
                }
            }
        }

        // Seeds must reach both forms, the parameterised ids and more than one list length, or the grammar would be too narrow.
        Assert.Equal(new HashSet<JsonValueKind> { JsonValueKind.String, JsonValueKind.Array }, forms);
        Assert.Superset(new HashSet<string>(["draft", "repair"], StringComparer.Ordinal), ids);
        Assert.True(lengths.Count > 1, $"every list had {string.Join(", ", lengths)} item(s)");
    }

    internal static void AssertValid(string text, uint seed)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var names = root.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["kind", "line", "confidence", "fixed", "tags", "note"], names);
        Assert.Contains(root.GetProperty("kind").GetString(), new[] { "bug", "smell", "ok" });
        Assert.InRange(root.GetProperty("line").GetInt32(), 1, 500);
        Assert.InRange(root.GetProperty("confidence").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("fixed").ValueKind is JsonValueKind.True or JsonValueKind.False, $"seed {seed}");
        var tags = root.GetProperty("tags").EnumerateArray().ToArray();
        Assert.InRange(tags.Length, 0, 3);
        Assert.All(tags, t => Assert.InRange(t.GetString()!.Length, 0, 6));
        Assert.InRange(root.GetProperty("note").GetString()!.Length, 0, 12);
    }
}
