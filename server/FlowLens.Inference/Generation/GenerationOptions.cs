using System.Text.Json;

namespace FlowLens.Inference;

/// <summary>Sampling and constraint settings for one generation.</summary>
public sealed record GenerationOptions
{
    public int MaxTokens { get; init; } = 256;

    /// <summary>0 or less means greedy decoding.</summary>
    public float Temperature { get; init; } = 0.8f;

    public float TopP { get; init; } = 0.95f;

    public float MinP { get; init; } = 0.05f;

    /// <summary>Seed of the sampler's RNG; null draws a random one.</summary>
    public uint? Seed { get; init; }

    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>
    /// Whether the prompt may start from the KV cache of the previous generation. Reuse is faster, but the prefill
    /// then splits into other batches and the logits can differ in their last bits, so which request ran before
    /// would change the sampled text; a reproducible request (<see cref="LocalLlamaChatClient.ReproducibleProperty"/>)
    /// starts from an empty cache and is a function of itself alone.
    /// </summary>
    public bool ReusePromptCache { get; init; } = true;

    /// <summary>A GBNF grammar with a <c>root</c> rule. Mutually exclusive with <see cref="JsonSchema"/>.</summary>
    public string? Grammar { get; init; }

    /// <summary>A JSON schema, converted with <see cref="JsonSchemaGbnf.Convert(JsonElement)"/>.</summary>
    public JsonElement? JsonSchema { get; init; }

    internal string? ResolveGrammar()
    {
        if (Grammar is not null && JsonSchema is not null)
        {
            throw new GrammarException("Pass either a GBNF grammar or a JSON schema, not both.");
        }

        return JsonSchema is { } schema ? JsonSchemaGbnf.Convert(schema) : Grammar;
    }
}
