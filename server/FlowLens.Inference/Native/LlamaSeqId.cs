namespace FlowLens.Inference.Native;

/// <summary>A KV-cache sequence id (<c>llama_seq_id</c>).</summary>
internal readonly record struct LlamaSeqId(int Value)
{
    /// <summary>We keep one conversation per context, so everything lives in sequence 0.</summary>
    public static LlamaSeqId Default { get; } = new(0);
}
