using FlowLens.Core.Evaluation;

namespace FlowLens.Cli.Bench;

/// <summary>Counts one task's sandbox runs (workflow and attribution) on the shared evaluator.</summary>
internal sealed class CountingEvaluator(ICandidateEvaluator inner) : ICandidateEvaluator
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public Task<EvaluationReport> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        return inner.EvaluateAsync(request, cancellationToken);
    }
}
