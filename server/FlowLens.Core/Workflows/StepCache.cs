using System.Collections.Concurrent;
using System.Text.Json;

namespace FlowLens.Core.Workflows;

/// <summary>
/// Memoised step outputs keyed by a content hash of (capability, prompt template, parameters, input artefacts,
/// seed, model id, task). Kept in memory, and on disk for model steps when a directory is given, so a re-run
/// (attribution, a second "Generate" on the same task) pays only for what changed. Tool steps are memoised in
/// memory only: their results also depend on test files on disk, which the key does not capture.
/// </summary>
public sealed class StepCache
{
    private readonly ConcurrentDictionary<string, CachedStep> _memory = new();
    private readonly string? _directory;

    public StepCache(string? directory = null)
    {
        _directory = directory;
    }

    public int Count => _memory.Count;

    public bool TryGet(string key, bool persistent, out CachedStep step)
    {
        if (_memory.TryGetValue(key, out step!))
        {
            return true;
        }

        if (!persistent || _directory is null)
        {
            return false;
        }

        var path = Path.Combine(_directory, key + ".json");
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            if (JsonSerializer.Deserialize(File.ReadAllText(path), CoreJsonContext.Default.CachedStep) is { } loaded)
            {
                step = _memory.GetOrAdd(key, loaded);
                return true;
            }
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // A damaged entry is recomputed and overwritten.
        }

        return false;
    }

    public void Put(string key, CachedStep step, bool persistent)
    {
        _memory[key] = step;
        if (!persistent || _directory is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(_directory);
            var path = Path.Combine(_directory, key + ".json");
            var temporary = path + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(step, CoreJsonContext.Default.CachedStep));
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            // The disk cache is an optimisation; a full disk must not fail the workflow.
        }
    }
}
