using FlowLens.Core.Composition;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Workflows;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Tests.Doubles;

/// <summary>
/// A world whose capabilities have KNOWN effects on a 5-test task: the meta-agent picks draft x3, repair and vote;
/// every draft passes 3 of 5 tests, repair fixes exactly one more, and vote is useless (all candidates behave
/// alike on the shared input).
/// </summary>
internal sealed class KnownEffects
{
    public const string Selection = """{"steps":[{"id":"draft","n":3,"temperature":0.8},{"id":"repair","rounds":1},{"id":"vote"}]}""";

    public ScriptedChatClient Model { get; } = new(new()
    {
        ["meta-agent"] = (_, _) => Selection,
        ["draft"] = (_, o) => $"```csharp\n{{ /*draft*/ return a - b; /* seed {o.Seed} */ }}\n```",
        ["repair"] = (prompt, _) => prompt.Contains("Test4 failed", StringComparison.Ordinal) ? "```csharp\n{ /*repaired*/ return a + b; }\n```" : "{ /*confused*/ }",
    });

    public TableEvaluator Evaluator { get; } = new()
    {
        PassingByMarker = new() { ["/*draft*/"] = 3, ["/*repaired*/"] = 4 },
        Behaviour = (_, _) => "3",
    };

    public PriorStore Priors { get; } = PriorStore.InMemory();

    public ReplayBuffer Replay { get; } = ReplayBuffer.InMemory();

    public StepCache Cache { get; } = new();

    public WorkflowEngine Engine(string attribution = "leave-one-out", int permutations = 8) =>
        Engine(new WorkflowEngineOptions { AttributionMode = attribution, ShapleyPermutations = permutations });

    public WorkflowEngine Engine(WorkflowEngineOptions options)
    {
        var library = Fixtures.Library;
        var composer = new MetaAgentComposer(Model, library, File.ReadAllText(Path.Combine(RepoPaths.Prompts, "meta-agent.md")), Priors, Replay, ComposerOptions.Default);
        return new WorkflowEngine(
            library,
            composer,
            Model,
            "scripted",
            Evaluator,
            Priors,
            Replay,
            Cache,
            new GeneratorStatus(true, "scripted", "test", "cpu", IsSyntheticModel: false),
            options,
            TimeProvider.System);
    }

    public static IChatClient Unused => new ScriptedChatClient([]);

    public static ICandidateEvaluator NoTests => new TableEvaluator();
}
