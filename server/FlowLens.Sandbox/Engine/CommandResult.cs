namespace FlowLens.Sandbox.Engine;

/// <summary>How an external command ended: its exit code (-1 when killed), its combined output, and whether it ran out of time.</summary>
internal sealed record CommandResult(int ExitCode, string Output, bool TimedOut);
