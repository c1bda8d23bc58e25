using FlowLens.Core.Context;

namespace FlowLens.Workspace.Context;

/// <summary>
/// How context is assembled: the budget and how tokens are counted, which test files may be shown (a benchmark's
/// hidden tests never are), and how much of each kind of context to gather before ranking.
/// </summary>
public sealed record ContextAssemblyOptions
{
    public static ContextAssemblyOptions Default { get; } = new();

    public ContextBudget Budget { get; init; } = ContextBudget.FromContextWindow(8192);

    public ITokenCounter Counter { get; init; } = EstimatedTokenCounter.Instance;

    /// <summary>Whether a test file may be shown as an example; by default every workspace test may.</summary>
    public Predicate<string> MayShowTestFile { get; init; } = static _ => true;

    /// <summary>Private methods of the enclosing type with bodies of at most this many lines are shown in full.</summary>
    public int SmallHelperLines { get; init; } = 12;

    /// <summary>How far to follow types named by the types already shown (1: only those named by the enclosing type).</summary>
    public int TypeDepth { get; init; } = 2;

    public int MaxTests { get; init; } = 4;

    public int MaxCallSites { get; init; } = 3;
}
