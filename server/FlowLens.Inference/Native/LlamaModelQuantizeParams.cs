using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary>
/// <c>struct llama_model_quantize_params</c> from the pinned llama.h (64 bytes on x64): enums are 32-bit, C
/// <c>bool</c>s are bytes (two bytes of padding follow <c>dry_run</c>), pointers and <c>size_t</c> are 64-bit.
/// <c>StructLayoutTests</c> checks every offset against the header.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelQuantizeParams
{
    public int NThread;
    public int FType;
    public int OutputTensorType;
    public int TokenEmbeddingType;
    public byte AllowRequantize;
    public byte QuantizeOutputTensor;
    public byte OnlyCopy;
    public byte Pure;
    public byte KeepSplit;
    public byte DryRun;
    public nint Imatrix;
    public nint KvOverrides;
    public nint TtOverrides;
    public nint PruneLayers;
    public nuint MaxBufSize;
}
