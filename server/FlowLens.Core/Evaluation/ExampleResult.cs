using FlowLens.Core.Tasks;

namespace FlowLens.Core.Evaluation;

/// <summary>One check's result; <paramref name="Observed"/> is the value's C#-like rendering, for voting and repair prompts.</summary>
public sealed record ExampleResult(TaskExample Example, TestOutcome Outcome, string? Observed, string? Message);
