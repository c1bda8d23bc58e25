namespace FlowLens.Core.Attribution;

/// <summary>
/// How attribution runs its coalitions: at most <paramref name="MaxConcurrent"/> at once (they share the executor's
/// memo, so a step two of them need is computed once and the other waits for it), reporting each one done.
/// </summary>
public sealed record CoalitionRunOptions(int MaxConcurrent = CoalitionRunOptions.DefaultMaxConcurrent, IProgress<(int Done, int Total, string Capability)>? Progress = null)
{
    /// <summary>Enough to keep a serving engine's batch or the in-process model's sequences busy without flooding the sandbox.</summary>
    public const int DefaultMaxConcurrent = 4;

    public static CoalitionRunOptions Default { get; } = new();
}
