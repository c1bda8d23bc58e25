using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>Makes <see cref="BusyBenchGenerator"/>s: every generation computes in calls of a fixed length.</summary>
internal sealed class BusyBenchGeneratorFactory(TimeSpan callLength, int calls) : IWorkflowGeneratorFactory
{
    public IWorkflowGenerator Create(FlowLensSettings settings) => new BusyBenchGenerator(callLength, calls);
}
