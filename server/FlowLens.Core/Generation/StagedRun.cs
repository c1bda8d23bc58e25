namespace FlowLens.Core.Generation;

/// <summary>
/// The first stage of "Generate workflow": the verified result (final candidate, its test results, the steps),
/// reported the moment execution and the final evaluation end. <see cref="Result"/> has no contributions yet;
/// <see cref="AttributeAsync"/> runs the second stage on the same evaluation memo and step cache, and can be
/// cancelled on its own without losing the result.
/// </summary>
public sealed class StagedRun
{
    private readonly Func<IProgress<WorkflowProgress>?, CancellationToken, Task<WorkflowRun>> _attribute;

    public StagedRun(WorkflowRun result, IReadOnlyList<string> capabilities, Func<IProgress<WorkflowProgress>?, CancellationToken, Task<WorkflowRun>> attribute)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(attribute);
        Result = result;
        Capabilities = capabilities;
        _attribute = attribute;
    }

    /// <summary>The workflow's result before attribution: contributions are empty and the run id is the one the full run will carry.</summary>
    public WorkflowRun Result { get; }

    /// <summary>The capabilities attribution will report on, in workflow order, so a display can mark them pending.</summary>
    public IReadOnlyList<string> Capabilities { get; }

    /// <summary>
    /// The second stage: counterfactual attribution and learning. Returns the full run (same run id, contributions
    /// filled in, attribution timings set). Progress percentages run from <see cref="WorkflowProgress.ResultDone"/> to 100.
    /// </summary>
    public Task<WorkflowRun> AttributeAsync(IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken) =>
        _attribute(progress, cancellationToken);
}
