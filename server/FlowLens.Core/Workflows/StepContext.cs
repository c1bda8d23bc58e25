using FlowLens.Core.Context;
using FlowLens.Core.Tasks;

namespace FlowLens.Core.Workflows;

/// <summary>Everything one step execution needs.</summary>
internal sealed record StepContext(
    WorkflowStep Step,
    TaskTarget Target,
    TaskContext Workspace,
    StepArtefacts Inputs,
    EvaluationMemo Evaluations,
    ExecutionOptions Options,
    BudgetMeter Meter,
    CancellationToken CancellationToken)
{
    /// <summary>A per-step seed, so steps differ from each other but a re-run (in any process) reproduces each.</summary>
    public int Seed(int sample = 0) => StableSeed.Of(Options.Seed, Step.Capability.Id, sample);
}
