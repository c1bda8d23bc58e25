namespace FlowLens.Core.Evaluation;

/// <summary>A use of an API the sandbox policy denies, found before anything ran.</summary>
public sealed record PolicyViolation(string Symbol, int Line, string Reason);
