namespace FlowLens.Inference;

/// <summary>Shape of a synthetic "llama" model for tests and benchmarks; the defaults load in milliseconds.</summary>
public sealed record TinyModelOptions
{
    public int Seed { get; init; } = 42;

    public int Layers { get; init; } = 2;

    public int Embedding { get; init; } = 64;

    public int FeedForward { get; init; } = 128;

    public int Heads { get; init; } = 4;

    public int ContextLength { get; init; } = 2048;

    /// <summary>Normal (non-byte) tokens added after the byte tokens; the defaults are C# and JSON fragments.</summary>
    public IReadOnlyList<string>? ExtraTokens { get; init; }
}
