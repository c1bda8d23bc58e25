namespace FlowLens.Inference;

/// <summary>How to create a context (KV cache + compute buffers) on a loaded model.</summary>
public sealed record LlamaContextOptions
{
    /// <summary>Context length in tokens; 0 means the model's training length capped at 4096.</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Decode threads; 0 picks 1 for models under 50M parameters, else the processor count capped at 8.</summary>
    public int Threads { get; init; }

    /// <summary>Maximum tokens submitted per <c>llama_decode</c> during prompt processing.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>
    /// Sequences decoded together by <see cref="LlamaContext.GenerateBatchAsync"/> (llama.cpp's n_seq_max); more are
    /// split into rounds of this size. Above 1 the KV cache is unified: the sequences share its cells and the prompt.
    /// </summary>
    public int Sequences { get; init; } = 1;

    /// <summary>Flash attention: null lets llama.cpp decide (its default), true/false force it on or off.</summary>
    public bool? FlashAttention { get; init; }
}
