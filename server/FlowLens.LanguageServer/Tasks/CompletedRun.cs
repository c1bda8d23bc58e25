using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Tasks;

/// <summary>
/// A generation's result and the task it belongs to. Recorded when the result is ready (attribution
/// <see cref="AttributionState.Pending"/>, <paramref name="Capabilities"/> naming the lenses to mark pending) and
/// replaced when attribution ends.
/// </summary>
internal sealed record CompletedRun(TaskKey Key, WorkflowRun Run, DateTimeOffset FinishedAt, IReadOnlyList<string> Capabilities, AttributionState Attribution);
