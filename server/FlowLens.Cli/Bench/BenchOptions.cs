using FlowLens.Core.Generation;

namespace FlowLens.Cli.Bench;

/// <summary>What <c>flowlens bench run</c> was asked to do.</summary>
internal sealed record BenchOptions
{
    public static IReadOnlyList<string> AllModes { get; } = ["one-pass", "one-pass+learn", "refine", "bayesflow", "prior-only", "direct", "self-consistency"];

    public required string Suite { get; init; }

    public required string OutputDirectory { get; init; }

    public IReadOnlyList<string> Modes { get; init; } = AllModes;

    public int? Limit { get; init; }

    public int Seed { get; init; }

    public FlowLensSettings Settings { get; init; } = new();

    /// <summary>Worker answer length; null: 64 for the tiny random model, else the product default.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Meta-agent answer length (a selection for the whole library fits well within it).</summary>
    public int MetaAgentMaxOutputTokens { get; init; } = 1024;

    public int RefineRounds { get; init; } = 20;

    public int BayesFlowParticles { get; init; } = 10;

    public int BayesFlowLookAhead { get; init; } = 1;

    public int BayesFlowRefinements { get; init; } = 10;

    public int BayesFlowRounds { get; init; } = 5;

    public int SelfConsistencySamples { get; init; } = 3;

    /// <summary>Test tasks run at once (their model requests still pass the backend's one gate).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Discard the results already in the output folder instead of resuming them.</summary>
    public bool Fresh { get; init; }

    /// <summary>"leave-one-out", "shapley" or "off": the attribution each task runs after its workflow, as the product does.</summary>
    public string Attribution { get; init; } = "leave-one-out";
}
