using System.Collections.Concurrent;
using FlowLens.Core.Composition;
using FlowLens.Core.Search;

namespace FlowLens.Core.Tests.Search;

/// <summary>A scorer with KNOWN rewards: a function of the workflow's capability ids; an id in <see cref="Failing"/> makes the workflow fail to run.</summary>
internal sealed class TableScorer(Func<IReadOnlyList<string>, double> reward) : IWorkflowScorer
{
    public HashSet<string> Failing { get; init; } = [];

    public ConcurrentQueue<string> Scored { get; } = new();

    public Task<WorkflowScore> ScoreAsync(IReadOnlyList<SelectedCapability> steps, CancellationToken cancellationToken)
    {
        var ids = steps.Select(s => s.Id).ToList();
        Scored.Enqueue(string.Join(",", ids));
        if (ids.Any(Failing.Contains))
        {
            return Task.FromResult(new WorkflowScore(0, "did not run", "InvalidOperationException: step exploded", 0, 0, 0, 1));
        }

        var r = reward(ids);
        return Task.FromResult(new WorkflowScore(r, $"validation pass rate {r:0.00}; Test3 failed", null, 1, 10, 1, 1));
    }
}
