namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>One measured figure; <paramref name="Goal"/> is the target it is held to, if any.</summary>
public sealed record BenchmarkFigure(string Name, double Value, string Unit, string? Goal = null);
