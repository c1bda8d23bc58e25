namespace FlowLens.Core.Evaluation;

/// <summary>
/// Compiles and tests one candidate. Core calls this for every step that tests code; the sandbox implements it
/// out of process. Implementations never throw for a bad candidate: they report it.
/// </summary>
public interface ICandidateEvaluator
{
    Task<EvaluationReport> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken);
}
