namespace FlowLens.Core.Generation;

/// <summary>A progress report: overall percentage (0..100) and the step now running.</summary>
public sealed record WorkflowProgress(int Percent, string Step)
{
    /// <summary>The percentage at which the result is ready and attribution begins: stage 1 runs below it, stage 2 above.</summary>
    public const int ResultDone = 60;
}
