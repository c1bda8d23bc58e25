namespace FlowLens.Core.Composition;

/// <summary>
/// How composers choose: the meta-agent answers a list of at most <paramref name="MaxCapabilities"/> capabilities
/// (the sparsity bound k) and samples at <paramref name="Temperature"/> with <paramref name="Seed"/>; exemplar buckets
/// are drawn with a softmax at <paramref name="ExemplarTemperature"/>. <paramref name="Threshold"/> applies to answers
/// in the older weight-per-capability shape and to the prior-only composer.
/// </summary>
public sealed record ComposerOptions(double Threshold = 0.5, float Temperature = 0.2f, int Seed = 0, int MaxOutputTokens = 1024, double ExemplarTemperature = 0.5, int MaxCapabilities = ComposerOptions.DefaultMaxCapabilities)
{
    /// <summary>The default sparsity bound k: a handful of capabilities per workflow.</summary>
    public const int DefaultMaxCapabilities = 4;

    public static ComposerOptions Default { get; } = new();
}
