using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary>
/// <c>struct llama_model_params</c> from the pinned llama.h (80 bytes on x64). C <c>bool</c> fields are bytes
/// so the struct stays blittable; <c>StructLayoutTests</c> checks every offset against the header.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    public nint Devices;
    public nint TensorBuftOverrides;
    public int NGpuLayers;
    public int SplitMode;
    public int LoadMode;
    public int LazyMode;
    public int MainGpu;
    public nint TensorSplit;
    public nint ProgressCallback;
    public nint ProgressCallbackUserData;
    public nint KvOverrides;
    public byte VocabOnly;
    public byte CheckTensors;
    public byte UseExtraBufts;
    public byte NoHost;
    public byte NoAlloc;
    public byte LoadMtp;
}
