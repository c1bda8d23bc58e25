using Microsoft.Extensions.AI;

namespace FlowLens.Core.Answers;

/// <summary>
/// A model's raw answer as the backend returned it: the text, why generation stopped (null when the backend does not
/// say), and the token budget it was given (to say where a cut answer was cut).
/// </summary>
public sealed record ModelAnswer(string? Text, ChatFinishReason? FinishReason = null, int? MaxOutputTokens = null)
{
    /// <summary>True when the backend stopped because the answer reached its token budget.</summary>
    public bool WasCut => FinishReason == ChatFinishReason.Length;

    /// <summary>The reason in words for an answer that was cut.</summary>
    public string CutReason => MaxOutputTokens is { } max
        ? $"the answer was cut at {max} tokens before its code was complete (raise the answer budget: --max-tokens or flowlens.maxTokens)"
        : "the answer was cut by the token limit before its code was complete (raise the answer budget: --max-tokens or flowlens.maxTokens)";
}
