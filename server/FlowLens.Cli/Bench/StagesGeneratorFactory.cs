using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Workflows;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Bench;

/// <summary>
/// Generators for <c>flowlens bench stages</c>: the real engine and sandbox with a delayed scripted model, each with a
/// fresh step cache so no repeat reuses another's steps.
/// </summary>
internal sealed class StagesGeneratorFactory(CapabilityLibrary library, string metaAgentPrompt, IChatClient model, ICandidateEvaluator evaluator) : IWorkflowGeneratorFactory
{
    public IWorkflowGenerator Create(FlowLensSettings settings)
    {
        var priors = PriorStore.InMemory();
        var replay = ReplayBuffer.InMemory();
        return new WorkflowEngine(
            library,
            new MetaAgentComposer(model, library, metaAgentPrompt, priors, replay, ComposerOptions.Default),
            model,
            "bench-scripted",
            evaluator,
            priors,
            replay,
            new StepCache(),
            new GeneratorStatus(true, "bench-scripted", "bench", "remote", false),
            new WorkflowEngineOptions { Learning = LearningMode.ReadOnly },
            TimeProvider.System);
    }
}
