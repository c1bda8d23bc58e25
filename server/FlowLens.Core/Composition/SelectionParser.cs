using System.Globalization;
using System.Text.Json;
using FlowLens.Core.Capabilities;

namespace FlowLens.Core.Composition;

/// <summary>
/// Turns a model's raw selection into a valid one. The selection is a list of at most k chosen capabilities, each a
/// bare id or a tuple of the id and its parameters in their listed order
/// (<c>{"steps":["plan",["draft",3,0.7],"repair"]}</c>, see <see cref="SelectionSchema"/>); objects with an
/// <c>id</c> and named parameters (<c>{"id":"draft","n":3}</c>), which models often write unasked, are read too; the older shape, a weight per capability id, is still read (capabilities at or above
/// the threshold are chosen, the heaviest k kept). Unknown ids and repeats are dropped, parameters are clamped into
/// range, missing parameters take their defaults, choices beyond k are dropped. Every correction is recorded with its
/// reason; output that cannot be read at all is rejected with a <see cref="SelectionRejectedException"/>. The JSON
/// itself is read leniently first (<see cref="LenientJsonReader"/>: fences, reasoning blocks, comments, quoted numbers).
/// </summary>
public static class SelectionParser
{
    public static (List<SelectedCapability> Selected, Dictionary<string, double> Weights, List<string> Repairs) Parse(
        string raw, CapabilityLibrary library, double threshold) =>
        Parse(raw, library, threshold, ComposerOptions.DefaultMaxCapabilities);

    public static (List<SelectedCapability> Selected, Dictionary<string, double> Weights, List<string> Repairs) Parse(
        string raw, CapabilityLibrary library, double threshold, int maxCapabilities)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCapabilities, 1);
        var (json, readRepairs) = LenientJsonReader.Read(raw ?? string.Empty, LenientJsonOptions.Selection);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SelectionRejectedException($"the selection is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var repairs = new List<string>(readRepairs);
            var weights = new Dictionary<string, double>();
            List<SelectedCapability> selected;
            if (root.ValueKind == JsonValueKind.Array)
            {
                selected = ReadList(root, library, repairs);
            }
            else if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SelectionRejectedException($"the selection must be a JSON object, found {root.ValueKind}");
            }
            else if (root.TryGetProperty(SelectionSchema.StepsProperty, out var steps))
            {
                selected = steps.ValueKind == JsonValueKind.Array
                    ? ReadList(steps, library, repairs)
                    : throw new SelectionRejectedException($"'{SelectionSchema.StepsProperty}' must be a list of capabilities, found {steps.ValueKind}");
                foreach (var property in root.EnumerateObject().Where(p => p.Name != SelectionSchema.StepsProperty))
                {
                    repairs.Add($"ignored '{property.Name}' beside the list of steps");
                }
            }
            else
            {
                selected = ReadWeights(root, library, threshold, weights, repairs);
            }

            if (selected.Count > maxCapabilities)
            {
                // Keep the k most wanted, in the order they were answered.
                var kept = selected.Select((s, i) => (s, i)).OrderByDescending(x => x.s.Weight).ThenBy(x => x.i).Take(maxCapabilities).OrderBy(x => x.i).Select(x => x.s).ToList();
                repairs.Add($"dropped {string.Join(", ", selected.Except(kept).Select(s => s.Id))}: at most {maxCapabilities} capabilities are chosen");
                selected = kept;
            }

            foreach (var capability in selected)
            {
                weights.TryAdd(capability.Id, capability.Weight);
            }

            foreach (var capability in library.Capabilities.Where(c => !weights.ContainsKey(c.Id)))
            {
                weights[capability.Id] = 0;
            }

            return (selected, weights, repairs);
        }
    }

    /// <summary>The list shape: each item an object with an <c>id</c> and its parameters, or a bare id.</summary>
    private static List<SelectedCapability> ReadList(JsonElement list, CapabilityLibrary library, List<string> repairs)
    {
        var selected = new List<SelectedCapability>();
        foreach (var item in list.EnumerateArray())
        {
            var id = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object when item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String => idElement.GetString(),
                JsonValueKind.Array when item.GetArrayLength() > 0 && item[0].ValueKind == JsonValueKind.String => item[0].GetString(),
                _ => null,
            };
            if (id is null)
            {
                repairs.Add($"dropped a step without a capability id ({Shorten(item.GetRawText())})");
                continue;
            }

            if (!library.TryGet(id, out var capability))
            {
                repairs.Add($"dropped unknown capability '{id}'");
                continue;
            }

            if (selected.Any(s => s.Id == capability.Id))
            {
                repairs.Add($"dropped a repeated '{capability.Id}' (a capability runs once; its first parameters are kept)");
                continue;
            }

            var parameters = capability.Parameters.ToDictionary(p => p.Name, p => p.Default);
            if (item.ValueKind == JsonValueKind.Object)
            {
                ReadParameters(item.EnumerateObject().Where(p => p.Name is not "id" and not "w"), capability, parameters, repairs);
            }
            else if (item.ValueKind == JsonValueKind.Array)
            {
                ReadPositionalParameters(item, capability, parameters, repairs);
            }

            selected.Add(new SelectedCapability(capability.Id, 1.0, parameters));
        }

        if (selected.Count == 0 && list.GetArrayLength() > 0 && repairs.All(r => r.StartsWith("dropped a step without", StringComparison.Ordinal)))
        {
            throw new SelectionRejectedException("no item of the list names a capability");
        }

        return selected;
    }

    /// <summary>The older shape: a weight (or an object with a weight <c>w</c> and parameters) per capability id.</summary>
    private static List<SelectedCapability> ReadWeights(JsonElement root, CapabilityLibrary library, double threshold, Dictionary<string, double> weights, List<string> repairs)
    {
        var selected = new List<SelectedCapability>();
        foreach (var property in root.EnumerateObject())
        {
            if (!library.TryGet(property.Name, out var capability))
            {
                repairs.Add($"dropped unknown capability '{property.Name}'");
                continue;
            }

            var (weight, parameters) = ReadEntry(property.Value, capability, repairs);
            weights[capability.Id] = weight;
            if (weight >= threshold)
            {
                selected.Add(new SelectedCapability(capability.Id, weight, parameters));
            }
        }

        return selected;
    }

    private static (double Weight, Dictionary<string, double> Parameters) ReadEntry(JsonElement entry, Capability capability, List<string> repairs)
    {
        var parameters = capability.Parameters.ToDictionary(p => p.Name, p => p.Default);
        double weight;
        if (entry.ValueKind == JsonValueKind.Number)
        {
            weight = entry.GetDouble(); // a bare weight: all parameters at their defaults
        }
        else if (entry.ValueKind == JsonValueKind.Object)
        {
            weight = entry.TryGetProperty("w", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : 0;
            ReadParameters(entry.EnumerateObject().Where(p => p.Name != "w"), capability, parameters, repairs);
        }
        else
        {
            repairs.Add($"{capability.Id}: expected an object or a number, found {entry.ValueKind}; weight 0");
            weight = 0;
        }

        if (weight is < 0 or > 1 || double.IsNaN(weight))
        {
            repairs.Add($"{capability.Id}: weight {weight.ToString(CultureInfo.InvariantCulture)} clamped into 0..1");
            weight = double.IsNaN(weight) ? 0 : Math.Clamp(weight, 0, 1);
        }

        return (weight, parameters);
    }

    /// <summary>The short tuple form <c>["draft",3,0.7]</c>: values follow the id in the order the capability lists its parameters.</summary>
    private static void ReadPositionalParameters(JsonElement tuple, Capability capability, Dictionary<string, double> parameters, List<string> repairs)
    {
        var values = tuple.EnumerateArray().Skip(1).ToList();
        foreach (var (spec, value) in capability.Parameters.Zip(values))
        {
            ReadParameter(spec, value, capability, parameters, repairs);
        }

        if (values.Count > capability.Parameters.Count)
        {
            repairs.Add($"{capability.Id}: dropped {values.Count - capability.Parameters.Count} value(s) beyond its {capability.Parameters.Count} parameter(s)");
        }
    }

    private static void ReadParameters(IEnumerable<JsonProperty> properties, Capability capability, Dictionary<string, double> parameters, List<string> repairs)
    {
        foreach (var property in properties)
        {
            var spec = capability.Parameter(property.Name);
            if (spec is null)
            {
                repairs.Add($"{capability.Id}: dropped unknown parameter '{property.Name}'");
                continue;
            }

            ReadParameter(spec, property.Value, capability, parameters, repairs);
        }
    }

    private static void ReadParameter(ParameterSpec spec, JsonElement element, Capability capability, Dictionary<string, double> parameters, List<string> repairs)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            repairs.Add($"{capability.Id}.{spec.Name}: not a number, used the default {spec.Default.ToString(CultureInfo.InvariantCulture)}");
            return;
        }

        var value = element.GetDouble();
        var clamped = spec.Clamp(value);
        if (Math.Abs(clamped - value) > 1e-9)
        {
            repairs.Add($"{capability.Id}.{spec.Name}: {value.ToString(CultureInfo.InvariantCulture)} is outside {spec.Minimum.ToString(CultureInfo.InvariantCulture)}..{spec.Maximum.ToString(CultureInfo.InvariantCulture)}, clamped to {clamped.ToString(CultureInfo.InvariantCulture)}");
        }

        parameters[spec.Name] = clamped;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
