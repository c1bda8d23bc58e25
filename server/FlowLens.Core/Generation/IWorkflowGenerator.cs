using FlowLens.Core.Tasks;

namespace FlowLens.Core.Generation;

/// <summary>
/// "Generate workflow" as one call: compose, execute, attribute. The language server and the CLI both drive
/// this; neither knows how it is done.
/// </summary>
public interface IWorkflowGenerator : IAsyncDisposable
{
    /// <summary>What the generator runs on, for status displays.</summary>
    GeneratorStatus Status { get; }

    Task<WorkflowRun> GenerateAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken);
}
