using System.Collections.Concurrent;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.Core.Workflows;

/// <summary>
/// Evaluations of one task, memoised by candidate and checks: attribution re-runs evaluate the same candidates
/// again and must not pay the sandbox twice. Counts fresh sandbox runs.
/// </summary>
public sealed class EvaluationMemo
{
    private readonly ConcurrentDictionary<string, Lazy<Task<EvaluationReport>>> _reports = new();
    private readonly ICandidateEvaluator _evaluator;
    private int _runs;

    public EvaluationMemo(ICandidateEvaluator evaluator)
    {
        _evaluator = evaluator;
    }

    public int SandboxRuns => Volatile.Read(ref _runs);

    public Task<EvaluationReport> EvaluateAsync(TaskTarget target, string body, IReadOnlyList<TaskExample> extra, CancellationToken cancellationToken) =>
        EvaluateAsync(target, CandidateEdit.OfBody(body), extra, cancellationToken);

    public Task<EvaluationReport> EvaluateAsync(TaskTarget target, CandidateEdit candidate, IReadOnlyList<TaskExample> extra, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(candidate);
        var key = ContentHash.Of(target.FilePath, target.SourceText, candidate.Key, string.Join("\n", extra.Select(e => $"{e.Call}=={e.Expected}")));
        var lazy = _reports.GetOrAdd(key, _ => new Lazy<Task<EvaluationReport>>(async () =>
        {
            Interlocked.Increment(ref _runs);
            return await _evaluator.EvaluateAsync(new EvaluationRequest(target, candidate, extra), cancellationToken).ConfigureAwait(false);
        }));
        var task = lazy.Value;
        if (task.IsCanceled || task.IsFaulted)
        {
            _reports.TryRemove(key, out _); // a cancelled evaluation must not poison later runs
        }

        return task;
    }
}
