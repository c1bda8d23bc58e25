using Microsoft.Win32.SafeHandles;

namespace FlowLens.Inference.Native;

/// <summary>Owns a <c>llama_model*</c>. Contexts add a reference, so the model is freed only after its last context.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaModelHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Loads a model; returns an invalid handle when llama refuses the file (the log says why).</summary>
    public static SafeLlamaModelHandle LoadFromFile(string path, LlamaModelParams parameters)
    {
        var handle = new SafeLlamaModelHandle();
        handle.SetHandle(LlamaNative.llama_model_load_from_file(path, parameters));
        return handle;
    }

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_model_free(handle);
        return true;
    }
}
