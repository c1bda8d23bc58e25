using System.Globalization;
using System.Text.RegularExpressions;

namespace FlowLens.Core.Capabilities;

/// <summary>
/// Parses a capability file: a front-matter block between <c>---</c> lines, then the prompt template.
/// The front-matter is a deliberately small, line-based format so that every error points at one line:
/// <code>
/// id: repair
/// kind: llm
/// inputs: candidates, results
/// optional_inputs: plan
/// outputs: candidates
/// behaviour: repair-from-failures
/// parameters:
///   rounds: int 1..3 = 1 | repair attempts per failing candidate
/// </code>
/// </summary>
public static partial class CapabilityFileParser
{
    private static readonly HashSet<string> KnownKeys =
        ["id", "kind", "description", "inputs", "optional_inputs", "outputs", "order", "prior", "cost_calls", "cost_tokens", "max_tokens", "parameters", "parts", "behaviour"];

    public static Capability Parse(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            throw new CapabilityFileException(path, 1, "expected front-matter starting with '---'");
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            throw new CapabilityFileException(path, lines.Length, "front-matter is not closed by a '---' line");
        }

        var values = new Dictionary<string, (string Value, int Line)>();
        var parameters = new List<ParameterSpec>();
        var inParameters = false;
        for (var i = 1; i < end; i++)
        {
            var lineNumber = i + 1;
            var raw = lines[i];
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (inParameters && (raw.StartsWith(' ') || raw.StartsWith('\t')))
            {
                parameters.Add(ParseParameter(path, lineNumber, raw.Trim()));
                continue;
            }

            inParameters = false;
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new CapabilityFileException(path, lineNumber, $"expected 'key: value', found '{raw.Trim()}'");
            }

            var key = raw[..colon].Trim();
            var value = raw[(colon + 1)..].Trim();
            if (!KnownKeys.Contains(key))
            {
                throw new CapabilityFileException(path, lineNumber, $"unknown key '{key}' (known: {string.Join(", ", KnownKeys)})");
            }

            if (!values.TryAdd(key, (value, lineNumber)))
            {
                throw new CapabilityFileException(path, lineNumber, $"duplicate key '{key}'");
            }

            inParameters = key == "parameters";
        }

        string Required(string key)
        {
            if (!values.TryGetValue(key, out var v) || v.Value.Length == 0)
            {
                throw new CapabilityFileException(path, 2, $"missing required key '{key}'");
            }

            return v.Value;
        }

        var id = Required("id");
        if (!IdPattern().IsMatch(id))
        {
            throw new CapabilityFileException(path, values["id"].Line, $"id '{id}' must be lower-case letters, digits and dashes");
        }

        var kindText = Required("kind");
        var (parts, partParameters) = values.TryGetValue("parts", out var partsValue) ? Parts(path, partsValue.Value, partsValue.Line) : ([], []);
        if (kindText == "composite")
        {
            if (parts.Count < 2)
            {
                throw new CapabilityFileException(path, values["kind"].Line, "a composite capability needs 'parts:' naming at least two capabilities");
            }

            return new Capability(id, CapabilityKind.Select, Required("description"), [], [], [], [], (int)Number(path, values, "order", 50), Number(path, values, "prior", 0.5), 0, 0, string.Empty, path)
            {
                Parts = parts,
                PartParameters = partParameters,
            };
        }

        if (!Enum.TryParse<CapabilityKind>(kindText, ignoreCase: true, out var kind))
        {
            throw new CapabilityFileException(path, values["kind"].Line, $"kind '{kindText}' must be llm, tool, select or composite");
        }

        string? behaviour = null;
        if (values.TryGetValue("behaviour", out var behaviourValue))
        {
            behaviour = CapabilityBehaviours.All.Contains(behaviourValue.Value)
                ? behaviourValue.Value
                : throw new CapabilityFileException(path, behaviourValue.Line, $"unknown behaviour '{behaviourValue.Value}' (known: {string.Join(", ", CapabilityBehaviours.All)})");
        }

        var body = string.Join('\n', lines.Skip(end + 1)).Trim();
        if (kind == CapabilityKind.Llm && body.Length == 0)
        {
            throw new CapabilityFileException(path, end + 1, "an llm capability needs a prompt body after the front-matter");
        }

        return new Capability(
            id,
            kind,
            Required("description"),
            Types(path, values, "inputs"),
            Types(path, values, "optional_inputs"),
            Types(path, values, "outputs"),
            parameters,
            (int)Number(path, values, "order", 50),
            Number(path, values, "prior", 0.5),
            (int)Number(path, values, "cost_calls", 0),
            (int)Number(path, values, "cost_tokens", 0),
            body,
            path)
        {
            MaxOutputTokens = values.ContainsKey("max_tokens") ? (int)Number(path, values, "max_tokens", 0) : null,
            NamedBehaviour = behaviour,
        };
    }

    /// <summary>
    /// A composite's parts in order, each an id with optional parameters:
    /// <c>draft(n=3, temperature=0.8), run-tests, repair(rounds=1)</c>.
    /// </summary>
    private static (List<string> Parts, Dictionary<string, IReadOnlyDictionary<string, double>> Parameters) Parts(string path, string text, int line)
    {
        var parts = new List<string>();
        var parameters = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (Match match in PartPattern().Matches(text))
        {
            var id = match.Groups["id"].Value;
            parts.Add(id);
            if (match.Groups["args"].Success)
            {
                var values = new Dictionary<string, double>();
                foreach (var argument in match.Groups["args"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var pair = argument.Split('=', 2, StringSplitOptions.TrimEntries);
                    if (pair.Length != 2 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        throw new CapabilityFileException(path, line, $"part '{id}': expected 'name=number', found '{argument}'");
                    }

                    values[pair[0]] = value;
                }

                parameters[id] = values;
            }
        }

        var rest = PartPattern().Replace(text, string.Empty).Replace(",", string.Empty, StringComparison.Ordinal).Trim();
        return rest.Length == 0
            ? (parts, parameters)
            : throw new CapabilityFileException(path, line, $"could not read '{rest}' in parts (expected 'id' or 'id(name=value, ...)', separated by commas)");
    }

    private static List<ArtefactType> Types(string path, Dictionary<string, (string Value, int Line)> values, string key)
    {
        if (!values.TryGetValue(key, out var v) || v.Value.Length == 0)
        {
            return [];
        }

        var types = new List<ArtefactType>();
        foreach (var name in v.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<ArtefactType>(name, ignoreCase: true, out var type))
            {
                throw new CapabilityFileException(path, v.Line, $"unknown artefact type '{name}' (known: {string.Join(", ", Enum.GetNames<ArtefactType>().Select(n => n.ToLowerInvariant()))})");
            }

            types.Add(type);
        }

        return types;
    }

    private static double Number(string path, Dictionary<string, (string Value, int Line)> values, string key, double fallback)
    {
        if (!values.TryGetValue(key, out var v))
        {
            return fallback;
        }

        return double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new CapabilityFileException(path, v.Line, $"'{key}' must be a number, found '{v.Value}'");
    }

    private static ParameterSpec ParseParameter(string path, int line, string text)
    {
        var match = ParameterPattern().Match(text);
        if (!match.Success)
        {
            throw new CapabilityFileException(path, line, $"expected 'name: int|number MIN..MAX = DEFAULT | description', found '{text}'");
        }

        var type = match.Groups["type"].Value == "int" ? ParameterType.Integer : ParameterType.Number;
        var min = double.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture);
        var max = double.Parse(match.Groups["max"].Value, CultureInfo.InvariantCulture);
        var def = double.Parse(match.Groups["default"].Value, CultureInfo.InvariantCulture);
        if (min > max || def < min || def > max)
        {
            throw new CapabilityFileException(path, line, $"parameter '{match.Groups["name"].Value}': need MIN <= DEFAULT <= MAX");
        }

        if (type == ParameterType.Integer && (min != Math.Floor(min) || max != Math.Floor(max) || def != Math.Floor(def)))
        {
            throw new CapabilityFileException(path, line, $"parameter '{match.Groups["name"].Value}' is an int: its bounds and default must be whole numbers");
        }

        return new ParameterSpec(match.Groups["name"].Value, type, def, min, max, match.Groups["description"].Value.Trim());
    }

    [GeneratedRegex(@"(?<id>[a-z][a-z0-9-]*)\s*(\((?<args>[^)]*)\))?")]
    private static partial Regex PartPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^(?<name>[a-z_][a-z0-9_]*)\s*:\s*(?<type>int|number)\s+(?<min>-?[0-9.]+)\s*\.\.\s*(?<max>-?[0-9.]+)\s*=\s*(?<default>-?[0-9.]+)\s*(\|\s*(?<description>.*))?$")]
    private static partial Regex ParameterPattern();
}
