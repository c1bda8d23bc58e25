using FlowLens.Core.Tasks;

namespace FlowLens.Core.Generation;

/// <summary>
/// "Generate workflow" in two stages: compose and execute (the result), then attribute. The language server and the
/// CLI both drive this; neither knows how it is done. <see cref="WorkflowGeneration.GenerateAsync"/> runs both.
/// </summary>
public interface IWorkflowGenerator : IAsyncDisposable
{
    /// <summary>What the generator runs on, for status displays.</summary>
    GeneratorStatus Status { get; }

    /// <summary>Composes and executes the workflow and evaluates its result; attribution is left to <see cref="StagedRun.AttributeAsync"/>.</summary>
    Task<StagedRun> StartAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken);
}
