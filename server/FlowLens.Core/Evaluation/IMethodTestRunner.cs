using FlowLens.Core.Tasks;

namespace FlowLens.Core.Evaluation;

/// <summary>Runs the workspace tests that exercise a method as it stands (no model): what a "run its tests" request shows.</summary>
public interface IMethodTestRunner
{
    Task<EvaluationReport> RunAsync(TaskTarget target, CancellationToken cancellationToken);
}
