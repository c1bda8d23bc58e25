using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Core.Capabilities;

namespace FlowLens.Core.Composition;

/// <summary>
/// The JSON schema of a selection, GENERATED from the library: <c>{"steps":[...]}</c>, a list of at most k chosen
/// capabilities. Each item is one of: a bare id, an enum of the capabilities without parameters, or, per capability
/// with parameters, an object whose <c>id</c> is that capability and whose parameters follow with their ranges
/// (<c>{"steps":["plan",{"id":"draft","n":3,"temperature":0.7},"run-tests"]}</c>). Nothing is said about capabilities that are not chosen, so the answer stays short; no free-form
/// strings, so a grammar derived from it is finite and any model, even a random one, emits a well-formed selection.
/// </summary>
public static class SelectionSchema
{
    /// <summary>The property that holds the chosen capabilities.</summary>
    public const string StepsProperty = "steps";

    public static JsonElement Build(CapabilityLibrary library) => Build(library, ComposerOptions.DefaultMaxCapabilities);

    public static JsonElement Build(CapabilityLibrary library, int maxCapabilities)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCapabilities, 1);
        var items = new JsonArray();
        var plain = library.Capabilities.Where(c => c.Parameters.Count == 0).Select(c => (JsonNode?)c.Id).ToArray();
        if (plain.Length > 0)
        {
            items.Add(new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(plain) });
        }

        foreach (var capability in library.Capabilities.Where(c => c.Parameters.Count > 0))
        {
            var properties = new JsonObject { ["id"] = new JsonObject { ["enum"] = new JsonArray(capability.Id) } };
            foreach (var parameter in capability.Parameters)
            {
                properties[parameter.Name] = new JsonObject
                {
                    ["type"] = parameter.Type == ParameterType.Integer ? "integer" : "number",
                    ["minimum"] = parameter.Minimum,
                    ["maximum"] = parameter.Maximum,
                };
            }

            items.Add(Item(properties));
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                [StepsProperty] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["maxItems"] = Math.Min(maxCapabilities, library.Capabilities.Count),
                    ["items"] = new JsonObject { ["anyOf"] = items },
                },
            },
            ["required"] = new JsonArray(StepsProperty),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    private static JsonObject Item(JsonObject properties) => new()
    {
        ["type"] = "object",
        ["properties"] = properties,
        ["required"] = new JsonArray(properties.Select(p => (JsonNode?)p.Key).ToArray()),
        ["additionalProperties"] = false,
    };
}
