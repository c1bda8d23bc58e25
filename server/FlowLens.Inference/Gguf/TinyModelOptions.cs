namespace FlowLens.Inference;

/// <summary>Shape of a synthetic "llama" model for tests and benchmarks; the defaults load in milliseconds, <see cref="Large"/> is benchmark-sized.</summary>
public sealed record TinyModelOptions
{
    public int Seed { get; init; } = 42;

    public int Layers { get; init; } = 2;

    public int Embedding { get; init; } = 64;

    public int FeedForward { get; init; } = 128;

    public int Heads { get; init; } = 4;

    public int ContextLength { get; init; } = 2048;

    /// <summary>Pad the vocabulary with filler tokens up to this many entries (0: no padding, about 320 tokens).</summary>
    public int VocabularySize { get; init; }

    /// <summary>Store matrices as F16 instead of F32 (halves the file; the input <see cref="LlamaQuantizer"/> wants for big models).</summary>
    public bool HalfPrecision { get; init; }

    /// <summary>
    /// A llama-shaped model of about 370M parameters (24 layers x 1024, feed-forward 2816, 16 heads, 32000 tokens)
    /// in F16 (about 750 MB): for realistic throughput figures without a download, usually quantized afterwards.
    /// </summary>
    public static TinyModelOptions Large => new()
    {
        Layers = 24,
        Embedding = 1024,
        FeedForward = 2816,
        Heads = 16,
        ContextLength = 4096,
        VocabularySize = 32000,
        HalfPrecision = true,
    };

    /// <summary>
    /// A llama-shaped model of about 1.26B parameters (22 layers x 2048, feed-forward 5632, 32 heads, 32000 tokens: the
    /// shape of TinyLlama without grouped-query attention) in F16 (about 2.5 GB): the "~1B Q4" model for GPU offload
    /// figures, quantized afterwards.
    /// </summary>
    public static TinyModelOptions Billion => new()
    {
        Layers = 22,
        Embedding = 2048,
        FeedForward = 5632,
        Heads = 32,
        ContextLength = 4096,
        VocabularySize = 32000,
        HalfPrecision = true,
    };

    /// <summary>Normal (non-byte) tokens added after the byte tokens; the defaults are C# and JSON fragments.</summary>
    public IReadOnlyList<string>? ExtraTokens { get; init; }
}
