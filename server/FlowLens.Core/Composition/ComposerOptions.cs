namespace FlowLens.Core.Composition;

/// <summary>
/// How composers choose: capabilities with weight at or above <paramref name="Threshold"/> run. The meta-agent
/// samples at <paramref name="Temperature"/> with <paramref name="Seed"/>, and exemplar buckets are drawn with a
/// softmax at <paramref name="ExemplarTemperature"/>.
/// </summary>
public sealed record ComposerOptions(double Threshold = 0.5, float Temperature = 0.2f, int Seed = 0, int MaxOutputTokens = 1024, double ExemplarTemperature = 0.5)
{
    public static ComposerOptions Default { get; } = new();
}
