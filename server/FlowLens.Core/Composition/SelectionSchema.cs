using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Core.Capabilities;

namespace FlowLens.Core.Composition;

/// <summary>
/// The JSON schema of a selection, GENERATED from the library: one required property per capability id (in
/// library order), each an object with a weight <c>w</c> in [0, 1] and the capability's parameters with their
/// ranges. No free-form strings, so a grammar derived from it is finite and any model, even a random one, emits a
/// well-formed selection.
/// </summary>
public static class SelectionSchema
{
    public static JsonElement Build(CapabilityLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var capability in library.Capabilities)
        {
            var itemProperties = new JsonObject { ["w"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 } };
            var itemRequired = new JsonArray("w");
            foreach (var parameter in capability.Parameters)
            {
                itemProperties[parameter.Name] = new JsonObject
                {
                    ["type"] = parameter.Type == ParameterType.Integer ? "integer" : "number",
                    ["minimum"] = parameter.Minimum,
                    ["maximum"] = parameter.Maximum,
                };
                itemRequired.Add(parameter.Name);
            }

            properties[capability.Id] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = itemProperties,
                ["required"] = itemRequired,
                ["additionalProperties"] = false,
            };
            required.Add(capability.Id);
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }
}
