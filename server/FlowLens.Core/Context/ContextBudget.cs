namespace FlowLens.Core.Context;

/// <summary>How many tokens of workspace context a prompt may carry.</summary>
/// <param name="MaxTokens">The most tokens the assembled context may count.</param>
public sealed record ContextBudget(int MaxTokens)
{
    /// <summary>The default share of the model's context window: the rest is instructions, the task and the answer.</summary>
    public const double DefaultShare = 0.4;

    /// <summary>A budget of <paramref name="share"/> of a context window of <paramref name="contextWindow"/> tokens.</summary>
    public static ContextBudget FromContextWindow(int contextWindow, double share = DefaultShare)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contextWindow);
        if (share is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The context share must be in (0, 1].");
        }

        return new ContextBudget((int)(contextWindow * share));
    }
}
