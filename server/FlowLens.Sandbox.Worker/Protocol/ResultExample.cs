namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>One check's outcome, in the order of <see cref="JobExamples.Items"/>.</summary>
internal sealed record ResultExample(int Index, ResultOutcome Outcome, string? Observed, string? Message);
