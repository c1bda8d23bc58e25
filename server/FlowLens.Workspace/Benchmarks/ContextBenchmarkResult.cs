using FlowLens.Core.Context;

namespace FlowLens.Workspace.Benchmarks;

/// <summary>What <see cref="ContextBenchmark"/> measured, in milliseconds, and the context it assembled.</summary>
public sealed record ContextBenchmarkResult(
    int Projects,
    int Documents,
    double BuildSolutionMs,
    double FirstAssemblyMs,
    double WarmP50Ms,
    double WarmP90Ms,
    double EditThenAssembleP50Ms,
    TaskContext Context);
