using Microsoft.Win32.SafeHandles;

namespace FlowLens.Inference.Native;

/// <summary>
/// Owns the arrays of a <c>llama_batch</c> made by <c>llama_batch_init</c>. The struct itself is passed to
/// <c>llama_decode</c> by value, so the handle keeps it and hands out a copy; its token array is the handle value.
/// </summary>
internal sealed unsafe class SafeLlamaBatchHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private LlamaBatch _batch;

    public SafeLlamaBatchHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>The number of token slots the batch was allocated with.</summary>
    public int Capacity { get; private set; }

    /// <summary>Allocates room for <paramref name="capacity"/> tokens, each belonging to one sequence.</summary>
    public static SafeLlamaBatchHandle Allocate(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var result = new SafeLlamaBatchHandle();
        var batch = LlamaNative.llama_batch_init(capacity, 0, 1);
        if (batch.Token is null)
        {
            throw new InferenceException($"llama.cpp could not allocate a batch of {capacity} tokens.");
        }

        result._batch = batch;
        result.Capacity = capacity;
        result.SetHandle((nint)batch.Token);
        return result;
    }

    /// <summary>Empties the batch for the next decode.</summary>
    public void Clear() => _batch.NTokens = 0;

    public int Count => _batch.NTokens;

    /// <summary>Adds <paramref name="token"/> at <paramref name="position"/> of <paramref name="sequence"/>, asking for its logits; returns its index.</summary>
    public int Add(int token, int position, LlamaSeqId sequence, bool wantLogits)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (_batch.NTokens >= Capacity)
        {
            throw new InvalidOperationException($"The batch holds at most {Capacity} tokens.");
        }

        var index = _batch.NTokens;
        _batch.Token[index] = token;
        _batch.Pos[index] = position;
        _batch.NSeqId[index] = 1;
        _batch.SeqId[index][0] = sequence.Value;
        _batch.Logits[index] = wantLogits ? (sbyte)1 : (sbyte)0;
        _batch.NTokens = index + 1;
        return index;
    }

    /// <summary>The struct to pass to <c>llama_decode</c>; valid while this handle is alive.</summary>
    public LlamaBatch Value
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return _batch;
        }
    }

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_batch_free(_batch);
        _batch = default;
        return true;
    }
}
