using FlowLens.Core.Tasks;

namespace FlowLens.Core.Context;

/// <summary>Assembles the workspace context of a task; the executor asks once per run and every prompt shares it.</summary>
public interface ITaskContextSource
{
    Task<TaskContext> AssembleAsync(TaskTarget target, CancellationToken cancellationToken);
}
