namespace FlowLens.Core.Composition;

/// <summary>
/// The composer's answer: a sparse weight vector over the library (the chosen capabilities and their parameters),
/// the corrections made to the raw model output, and what composing cost.
/// </summary>
/// <param name="Composer">"one-pass" or "prior-only" (or a search mode's name).</param>
/// <param name="Weights">Every capability's weight, chosen or not.</param>
/// <param name="Repairs">Each correction made to invalid model output, with its reason.</param>
/// <param name="RawOutput">The model's raw text, when a model was asked.</param>
/// <param name="Fallback">Why the model's selection was replaced by the prior-only one, in words; null when it was not.</param>
public sealed record CapabilitySelection(
    string Composer,
    IReadOnlyList<SelectedCapability> Selected,
    IReadOnlyDictionary<string, double> Weights,
    IReadOnlyList<string> Repairs,
    string? RawOutput,
    long PromptTokens,
    long OutputTokens,
    TimeSpan Latency,
    string? Fallback = null);
