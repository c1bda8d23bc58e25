using FlowLens.Core.Generation;
using FlowLens.Workspace;

namespace FlowLens.Cli.Composition;

/// <summary>Choices a command makes that are not user settings: composer, seed, learning, where to log.</summary>
internal sealed record GeneratorOptions
{
    public string Composer { get; init; } = "one-pass";

    /// <summary>The seed of every run; null samples a fresh one for each run (recorded in the run).</summary>
    public int? Seed { get; init; }

    public LearningMode Learning { get; init; } = LearningMode.UpdatePriors;

    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>
    /// Workspace views shared with whoever keeps them current (the language server pushes unsaved text into them);
    /// null: the generator loads and owns its own.
    /// </summary>
    public SolutionViewCache? SolutionViews { get; init; }
}
