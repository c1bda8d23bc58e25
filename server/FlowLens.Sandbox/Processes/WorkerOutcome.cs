using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Processes;

/// <summary>How a job ended: a result, or the worker died (<see cref="Crash"/>), or it ran past the run timeout.</summary>
internal sealed record WorkerOutcome(WorkerResult? Result, string? Crash, bool TimedOut);
