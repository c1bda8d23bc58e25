using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Tasks;

/// <summary>A finished generation and the task it belongs to.</summary>
internal sealed record CompletedRun(TaskKey Key, WorkflowRun Run, DateTimeOffset FinishedAt);
