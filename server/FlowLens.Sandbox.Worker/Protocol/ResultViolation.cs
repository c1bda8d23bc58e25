namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>A denied API use: the symbol, its one-based line in <see cref="Path"/>, and the policy's reason.</summary>
internal sealed record ResultViolation(string Symbol, string Path, int Line, string Reason);
