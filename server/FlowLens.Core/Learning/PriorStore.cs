using System.Text.Json;
using FlowLens.Core.Capabilities;

namespace FlowLens.Core.Learning;

/// <summary>
/// Learned priors per capability and task kind, persisted atomically (write a temporary file, then rename) under
/// <c>.flowlens/state/priors.json</c>. Both composers read them; every attribution updates them.
/// </summary>
public sealed class PriorStore
{
    private readonly Lock _gate = new();
    private readonly string? _path;
    private readonly Dictionary<string, ContributionPosterior> _posteriors;

    private PriorStore(string? path, Dictionary<string, ContributionPosterior> posteriors)
    {
        _path = path;
        _posteriors = posteriors;
    }

    /// <summary>A store that lives in memory only.</summary>
    public static PriorStore InMemory() => new(null, []);

    /// <summary>Opens the store in <paramref name="stateDirectory"/>; a missing or unreadable file starts afresh.</summary>
    public static PriorStore Open(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "priors.json");
        var posteriors = new Dictionary<string, ContributionPosterior>();
        if (File.Exists(path))
        {
            try
            {
                posteriors = JsonSerializer.Deserialize(File.ReadAllText(path), CoreJsonContext.Default.DictionaryStringContributionPosterior) ?? [];
            }
            catch (JsonException)
            {
                // A corrupt file must not stop generation; the next save replaces it.
            }
        }

        return new PriorStore(path, posteriors);
    }

    public ContributionPosterior Get(Capability capability, TaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(capability);
        lock (_gate)
        {
            return _posteriors.TryGetValue(Key(capability.Id, kind), out var p) ? p with { PriorMean = capability.Prior } : new ContributionPosterior(capability.Prior, 0, 0, 0);
        }
    }

    public IReadOnlyDictionary<string, ContributionPosterior> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, ContributionPosterior>(_posteriors);
        }
    }

    /// <summary>Records observed contributions and saves.</summary>
    public void Observe(TaskKind kind, IEnumerable<(Capability Capability, double Contribution)> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        lock (_gate)
        {
            foreach (var (capability, contribution) in observations)
            {
                var key = Key(capability.Id, kind);
                var current = _posteriors.TryGetValue(key, out var p) ? p : new ContributionPosterior(capability.Prior, 0, 0, 0);
                _posteriors[key] = current.Observe(contribution);
            }

            Save();
        }
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_posteriors, CoreJsonContext.Default.DictionaryStringContributionPosterior));
        File.Move(temporary, _path, overwrite: true);
    }

    private static string Key(string capabilityId, TaskKind kind) => $"{capabilityId}@{kind}";
}
