namespace FlowLens.Cli.Bench;

/// <summary>
/// This invocation's wall time and model throughput at the parallelism used: <paramref name="Tokens"/> (prompt and
/// output, every mode, searches included) of the work done now, over <paramref name="WallSeconds"/>. The gate's limit
/// and the most requests it saw in flight at once are null for a model that has no gate.
/// </summary>
internal sealed record BenchThroughput(int Parallel, int? GateLimit, int? PeakInFlight, double WallSeconds, long Tokens)
{
    /// <summary>Null (reported "n/a") when nothing new ran.</summary>
    public double? TokensPerSecond => Tokens == 0 || WallSeconds <= 0 ? null : Tokens / WallSeconds;
}
