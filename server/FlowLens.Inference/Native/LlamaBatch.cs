using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary><c>struct llama_batch</c> (56 bytes on x64), passed by value to <c>llama_decode</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    public int NTokens;
    public int* Token;
    public float* Embd;
    public int* Pos;
    public int* NSeqId;
    public int** SeqId;
    public sbyte* Logits;
}
