using System.Diagnostics;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>What <see cref="LanguageServerBenchmark"/> measures and how often.</summary>
public sealed record LanguageServerBenchmarkOptions
{
    public int Lines { get; init; } = 5_000;

    public int Tasks { get; init; } = 50;

    public int CodeLensRequests { get; init; } = 1_000;

    public int Edits { get; init; } = 200;

    public int Starts { get; init; } = 10;

    /// <summary>Generations computing at once while codeLens is measured under load; 0 skips that measurement.</summary>
    public int ConcurrentGenerations { get; init; } = 4;

    /// <summary>codeLens requests measured while the generations compute.</summary>
    public int LoadedCodeLensRequests { get; init; } = 300;

    /// <summary>When set, also measures start-to-initialize of a real server process started this way (e.g. <c>flowlens lsp</c>).</summary>
    public ProcessStartInfo? Process { get; init; }
}
