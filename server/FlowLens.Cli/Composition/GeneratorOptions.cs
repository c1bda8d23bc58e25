using FlowLens.Core.Generation;

namespace FlowLens.Cli.Composition;

/// <summary>Choices a command makes that are not user settings: composer, seed, learning, where to log.</summary>
internal sealed record GeneratorOptions
{
    public string Composer { get; init; } = "one-pass";

    /// <summary>The seed of every run; null samples a fresh one for each run (recorded in the run).</summary>
    public int? Seed { get; init; }

    public LearningMode Learning { get; init; } = LearningMode.UpdatePriors;

    public TextWriter Log { get; init; } = TextWriter.Null;
}
