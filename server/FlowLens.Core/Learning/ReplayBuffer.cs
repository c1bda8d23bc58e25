using System.Text.Json;

namespace FlowLens.Core.Learning;

/// <summary>
/// Past workflows with their scores (<c>.flowlens/state/replay.jsonl</c>, append-only). Exemplar pairs are drawn
/// from two distinct score buckets (terciles), chosen with a centred softmax over bucket means, so the meta-agent
/// sees a better and a worse workflow and the gap between them.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly Lock _gate = new();
    private readonly string? _path;
    private readonly List<ReplayEntry> _entries;

    private ReplayBuffer(string? path, List<ReplayEntry> entries)
    {
        _path = path;
        _entries = entries;
    }

    public static ReplayBuffer InMemory() => new(null, []);

    public static ReplayBuffer Open(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "replay.jsonl");
        var entries = new List<ReplayEntry>();
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                try
                {
                    if (JsonSerializer.Deserialize(line, CoreJsonContext.Compact.ReplayEntry) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }
                catch (JsonException)
                {
                    // A torn last line (a crash mid-append) loses that entry only.
                }
            }
        }

        return new ReplayBuffer(path, entries);
    }

    public IReadOnlyList<ReplayEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public void Add(ReplayEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
            if (_path is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                File.AppendAllText(_path, JsonSerializer.Serialize(entry, CoreJsonContext.Compact.ReplayEntry) + "\n");
            }
        }
    }

    /// <summary>
    /// A (better, worse) pair from two distinct score terciles, or null when fewer than two buckets are filled.
    /// Buckets are chosen by a softmax over their mean scores centred on the overall mean, at <paramref name="temperature"/>.
    /// </summary>
    public (ReplayEntry Better, ReplayEntry Worse)? DrawContrastivePair(TaskKind kind, Random random, double temperature = 0.5)
    {
        ArgumentNullException.ThrowIfNull(random);
        List<ReplayEntry> pool;
        lock (_gate)
        {
            pool = _entries.Where(e => e.Kind == kind).ToList();
            if (pool.Count < 2)
            {
                pool = [.. _entries];
            }
        }

        if (pool.Count < 2)
        {
            return null;
        }

        var ordered = pool.OrderBy(e => e.Score).ToList();
        var buckets = Enumerable.Range(0, 3)
            .Select(b => ordered.Skip(b * ordered.Count / 3).Take(((b + 1) * ordered.Count / 3) - (b * ordered.Count / 3)).ToList())
            .Where(b => b.Count > 0)
            .GroupBy(b => b.Average(e => e.Score))
            .Select(g => g.SelectMany(b => b).ToList())
            .ToList();
        if (buckets.Count < 2)
        {
            return null;
        }

        var means = buckets.Select(b => b.Average(e => e.Score)).ToArray();
        var centre = means.Average();
        var t = Math.Max(temperature, 1e-3);
        var first = Sample(means.Select(m => Math.Exp((m - centre) / t)).ToArray(), random, exclude: -1);
        var second = Sample(means.Select(m => Math.Exp(-(m - centre) / t)).ToArray(), random, exclude: first);
        var a = buckets[first][random.Next(buckets[first].Count)];
        var b2 = buckets[second][random.Next(buckets[second].Count)];
        return a.Score >= b2.Score ? (a, b2) : (b2, a);
    }

    private static int Sample(double[] weights, Random random, int exclude)
    {
        var total = weights.Where((_, i) => i != exclude).Sum();
        var r = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            if (i == exclude)
            {
                continue;
            }

            r -= weights[i];
            if (r <= 0)
            {
                return i;
            }
        }

        return Enumerable.Range(0, weights.Length).Last(i => i != exclude);
    }
}
