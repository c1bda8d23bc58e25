namespace FlowLens.Sandbox.Worker.Protocol;

internal sealed record ResultTest(string Name, ResultOutcome Outcome, string? Message, double Milliseconds);
