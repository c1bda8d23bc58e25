namespace FlowLens.Core.Evaluation;

/// <summary>One test's result: an xunit test (with theory data in the name) or one program-style assert.</summary>
public sealed record TestResult(string Name, TestOutcome Outcome, string? Message, double Milliseconds);
