namespace FlowLens.Core.Generation;

/// <summary>Builds a generator for a set of settings; the composition root decides the backends.</summary>
public interface IWorkflowGeneratorFactory
{
    IWorkflowGenerator Create(FlowLensSettings settings);
}
