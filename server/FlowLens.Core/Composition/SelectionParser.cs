using System.Globalization;
using System.Text.Json;
using FlowLens.Core.Capabilities;

namespace FlowLens.Core.Composition;

/// <summary>
/// Turns a model's raw selection into a valid one: unknown ids are dropped, weights and parameters are clamped
/// into range, missing parameters take their defaults. Every correction is recorded with its reason; output that
/// cannot be read at all is rejected with a <see cref="SelectionRejectedException"/>. The JSON itself is read
/// leniently first (<see cref="LenientJsonReader"/>: fences, reasoning blocks, comments, quoted numbers).
/// </summary>
public static class SelectionParser
{
    public static (List<SelectedCapability> Selected, Dictionary<string, double> Weights, List<string> Repairs) Parse(
        string raw, CapabilityLibrary library, double threshold)
    {
        ArgumentNullException.ThrowIfNull(library);
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
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SelectionRejectedException($"the selection must be a JSON object, found {document.RootElement.ValueKind}");
            }

            var repairs = new List<string>(readRepairs);
            var weights = new Dictionary<string, double>();
            var selected = new List<SelectedCapability>();
            foreach (var property in document.RootElement.EnumerateObject())
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

            foreach (var capability in library.Capabilities.Where(c => !weights.ContainsKey(c.Id)))
            {
                weights[capability.Id] = 0;
            }

            return (selected, weights, repairs);
        }
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
            foreach (var property in entry.EnumerateObject().Where(p => p.Name != "w"))
            {
                var spec = capability.Parameter(property.Name);
                if (spec is null)
                {
                    repairs.Add($"{capability.Id}: dropped unknown parameter '{property.Name}'");
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.Number)
                {
                    repairs.Add($"{capability.Id}.{spec.Name}: not a number, used the default {spec.Default.ToString(CultureInfo.InvariantCulture)}");
                    continue;
                }

                var value = property.Value.GetDouble();
                var clamped = spec.Clamp(value);
                if (Math.Abs(clamped - value) > 1e-9)
                {
                    repairs.Add($"{capability.Id}.{spec.Name}: {value.ToString(CultureInfo.InvariantCulture)} is outside {spec.Minimum.ToString(CultureInfo.InvariantCulture)}..{spec.Maximum.ToString(CultureInfo.InvariantCulture)}, clamped to {clamped.ToString(CultureInfo.InvariantCulture)}");
                }

                parameters[spec.Name] = clamped;
            }
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
}
