namespace FlowLens.Inference;

/// <summary>What one generation cost. <see cref="ReusedPromptTokens"/> came from the KV cache of the previous call.</summary>
public sealed record GenerationCounters(
    int PromptTokens,
    int ReusedPromptTokens,
    int DecodedPromptTokens,
    int GeneratedTokens,
    double PrefillMilliseconds,
    double DecodeMilliseconds,
    FinishReason FinishReason)
{
    /// <summary>How many sequences were decoded side by side with this one (1: alone); they share the prompt and decode time.</summary>
    public int BatchedSequences { get; init; } = 1;

    public double PrefillTokensPerSecond => PrefillMilliseconds > 0 ? DecodedPromptTokens / (PrefillMilliseconds / 1000) : 0;

    public double DecodeTokensPerSecond => DecodeMilliseconds > 0 ? GeneratedTokens / (DecodeMilliseconds / 1000) : 0;
}
