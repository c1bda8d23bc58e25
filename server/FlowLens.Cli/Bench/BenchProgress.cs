namespace FlowLens.Cli.Bench;

/// <summary>Where a benchmark is: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Mode"/> (a search counts as one).</summary>
internal sealed record BenchProgress(string Mode, int Done, int Total, string Message);
