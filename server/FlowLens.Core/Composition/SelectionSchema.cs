using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Core.Capabilities;

namespace FlowLens.Core.Composition;

/// <summary>
/// The JSON schema of a selection, GENERATED from the library: <c>{"steps":[...]}</c>, a list of at most k chosen
/// capabilities. Each item is either a bare id (any capability of the library, with its default parameters) or, per
/// capability with parameters, a tuple of that id and its parameters in their listed order, each within its range
/// (<c>{"steps":["plan",["draft",3,0.7],"repair"]}</c>). Output tokens dominate composition latency, so the form is
/// as short as JSON allows: parameters are written only to change them, by position rather than by name, and
/// nothing is said about capabilities that are not chosen. No free-form strings, so a grammar derived from it is
/// finite and any model, even a random one, emits a well-formed selection.
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
        var ids = library.Capabilities.Select(c => (JsonNode?)c.Id).ToArray();
        if (ids.Length > 0)
        {
            items.Add(new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(ids) });
        }

        foreach (var capability in library.Capabilities.Where(c => c.Parameters.Count > 0))
        {
            var prefix = new JsonArray(new JsonObject { ["const"] = capability.Id });
            foreach (var parameter in capability.Parameters)
            {
                prefix.Add(new JsonObject
                {
                    ["type"] = parameter.Type == ParameterType.Integer ? "integer" : "number",
                    ["minimum"] = parameter.Minimum,
                    ["maximum"] = parameter.Maximum,
                });
            }

            // A tuple names at least its first parameter (the bare id already stands for the defaults); later ones
            // may be left off and keep theirs.
            items.Add(new JsonObject
            {
                ["type"] = "array",
                ["prefixItems"] = prefix,
                ["minItems"] = 2,
                ["maxItems"] = prefix.Count,
                ["items"] = false,
            });
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
}
