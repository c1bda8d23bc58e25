using FlowLens.Core.Generation;

namespace FlowLens.Cli.Composition;

/// <summary>The composition root's factory: settings in, a lazily loading local generator out.</summary>
internal sealed class WorkflowGeneratorFactory(ProductPaths paths, GeneratorOptions options) : IWorkflowGeneratorFactory
{
    public IWorkflowGenerator Create(FlowLensSettings settings) => new LocalWorkflowGenerator(settings, paths, options);
}
