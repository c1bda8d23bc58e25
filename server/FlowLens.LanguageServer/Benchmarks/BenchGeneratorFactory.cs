using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>
/// A generator with no model that answers at once with a fixed two-capability result, so the benchmark measures
/// the server, and the lenses it serves include results.
/// </summary>
internal sealed class BenchGeneratorFactory : IWorkflowGeneratorFactory
{
    public IWorkflowGenerator Create(FlowLensSettings settings) => new BenchGenerator();
}
