namespace FlowLens.Inference.Native;

/// <summary>Return codes of <c>llama_decode</c>, as documented in llama.h.</summary>
internal enum LlamaDecodeStatus
{
    Success = 0,
    /// <summary>No KV slot for the batch: the context is full.</summary>
    NoKvSlot = 1,
    /// <summary>The abort callback asked to stop; processed ubatches stay in memory.</summary>
    Aborted = 2,
    InvalidInput = -1,
}
