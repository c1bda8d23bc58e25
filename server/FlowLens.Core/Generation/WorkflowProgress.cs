namespace FlowLens.Core.Generation;

/// <summary>A progress report: overall percentage (0..100) and the step now running.</summary>
public sealed record WorkflowProgress(int Percent, string Step);
