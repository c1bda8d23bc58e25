using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary><c>llama_token_data_array</c>; samplers may replace <see cref="Data"/>, so read it back after applying one.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    public LlamaTokenData* Data;
    public nuint Size;
    public long Selected;
    public byte Sorted;
}
