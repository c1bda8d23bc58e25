namespace FlowLens.Core.Learning;

/// <summary>
/// Library mining: contiguous sub-workflows (2 to 4 steps) that occur in at least <c>minShare</c> of the successful
/// workflows in the replay buffer (score at or above <c>successScore</c>) become proposed composite capabilities.
/// Longer patterns are preferred: a sub-pattern with the same support as a longer one that contains it is dropped.
/// Each part keeps the parameters it ran with most often in those workflows (read from the replayed workflow text).
/// </summary>
public static class LibraryMiner
{
    public static IReadOnlyList<MinedComposite> Mine(IReadOnlyList<ReplayEntry> entries, double successScore = 0.8, double minShare = 0.5)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var successes = entries.Where(e => e.Score >= successScore).Select(e => e.Capabilities).ToList();
        if (successes.Count == 0)
        {
            return [];
        }

        var support = new Dictionary<string, (List<string> Parts, int Count)>();
        foreach (var workflow in successes)
        {
            var seen = new HashSet<string>();
            for (var length = 2; length <= 4; length++)
            {
                for (var start = 0; start + length <= workflow.Count; start++)
                {
                    var parts = workflow.Skip(start).Take(length).ToList();
                    var key = string.Join(">", parts);
                    if (seen.Add(key))
                    {
                        support[key] = support.TryGetValue(key, out var s) ? (s.Parts, s.Count + 1) : (parts, 1);
                    }
                }
            }
        }

        var frequent = support.Values
            .Where(s => (double)s.Count / successes.Count >= minShare)
            .Select(s => new MinedComposite(s.Parts, s.Count, (double)s.Count / successes.Count))
            .ToList();
        var parameters = ParametersByPart(entries.Where(e => e.Score >= successScore));
        return frequent
            .Where(c => !frequent.Any(o => o.Parts.Count > c.Parts.Count && o.Support == c.Support && Contains(o.Parts, c.Parts)))
            .Select(c => c with { PartTexts = c.Parts.Select(p => parameters.TryGetValue(p, out var text) ? text : p).ToList() })
            .OrderByDescending(c => c.Support)
            .ThenByDescending(c => c.Parts.Count)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Each capability's most frequent step text with parameters ("draft(n=3, temperature=0.7)").</summary>
    private static Dictionary<string, string> ParametersByPart(IEnumerable<ReplayEntry> successes) =>
        successes
            .SelectMany(e => e.Workflow.Split(" -> ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(step => step.Contains('(', StringComparison.Ordinal) && step.EndsWith(')'))
            .GroupBy(step => step[..step.IndexOf('(', StringComparison.Ordinal)], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(s => s, StringComparer.Ordinal).OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key, StringComparer.Ordinal);

    private static bool Contains(IReadOnlyList<string> longer, IReadOnlyList<string> shorter)
    {
        for (var i = 0; i + shorter.Count <= longer.Count; i++)
        {
            if (longer.Skip(i).Take(shorter.Count).SequenceEqual(shorter, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
