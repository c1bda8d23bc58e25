using FlowLens.Core.Tasks;

namespace FlowLens.Core.Generation;

/// <summary>Both stages of "Generate workflow" in one call, for callers that want only the finished run.</summary>
public static class WorkflowGeneration
{
    public static async Task<WorkflowRun> GenerateAsync(this IWorkflowGenerator generator, TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var staged = await generator.StartAsync(target, progress, cancellationToken).ConfigureAwait(false);
        return await staged.AttributeAsync(progress, cancellationToken).ConfigureAwait(false);
    }
}
