using System.Text.Json.Nodes;

namespace FlowLens.Cli.Bench;

/// <summary>
/// What a result depends on, carried by every row of <c>results.jsonl</c>: the model (name and file hash, or server and
/// model name), the backend, the seed, the options that change results, and the product version. A rerun into an
/// output folder written with other settings must not mix its rows with the old ones.
/// </summary>
internal sealed record RunSettings(
    string Model,
    string? ModelHash,
    string Backend,
    string? Server,
    int Seed,
    IReadOnlyDictionary<string, string> Options,
    string Version)
{
    public JsonObject ToJson() => new()
    {
        ["model"] = Model,
        ["modelHash"] = ModelHash,
        ["backend"] = Backend,
        ["server"] = Server,
        ["seed"] = Seed,
        ["options"] = new JsonObject(Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
        ["version"] = Version,
    };

    public static RunSettings? FromJson(JsonNode? node) =>
        node is not JsonObject o
            ? null
            : new RunSettings(
                (string?)o["model"] ?? string.Empty,
                (string?)o["modelHash"],
                (string?)o["backend"] ?? string.Empty,
                (string?)o["server"],
                (int?)o["seed"] ?? 0,
                (o["options"] as JsonObject ?? []).ToDictionary(p => p.Key, p => (string?)p.Value ?? string.Empty, StringComparer.Ordinal),
                (string?)o["version"] ?? string.Empty);

    /// <summary>"seed: 1 -> 2", one line per setting that differs from <paramref name="other"/> (this is the old one).</summary>
    public IReadOnlyList<string> DifferencesTo(RunSettings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<string>();
        void Compare(string name, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                differences.Add($"{name}: {before ?? "(none)"} -> {after ?? "(none)"}");
            }
        }

        Compare("model", Model, other.Model);
        Compare("model hash", ModelHash, other.ModelHash);
        Compare("backend", Backend, other.Backend);
        Compare("server", Server, other.Server);
        Compare("seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), other.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var key in Options.Keys.Union(other.Options.Keys).Order(StringComparer.Ordinal))
        {
            Compare(key, Options.GetValueOrDefault(key), other.Options.GetValueOrDefault(key));
        }

        Compare("version", Version, other.Version);
        return differences;
    }
}
