using Microsoft.Win32.SafeHandles;

namespace FlowLens.Inference.Native;

/// <summary>
/// Owns a <c>llama_context*</c> and one reference on its model handle: a context reads the model's weights on every
/// decode, so the model must outlive it even if the caller disposes the model first.
/// </summary>
internal sealed class SafeLlamaContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private SafeLlamaModelHandle? _model;

    public SafeLlamaContextHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Creates a context; returns an invalid handle when llama refuses (for example, out of memory).</summary>
    public static SafeLlamaContextHandle Create(SafeLlamaModelHandle model, LlamaContextParams parameters)
    {
        var result = new SafeLlamaContextHandle();
        var added = false;
        try
        {
            model.DangerousAddRef(ref added);
            var pointer = LlamaNative.llama_init_from_model(model, parameters);
            if (pointer != 0)
            {
                result.SetHandle(pointer);
                result._model = model;
                added = false;
            }
        }
        finally
        {
            if (added)
            {
                model.DangerousRelease();
            }
        }

        return result;
    }

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_free(handle);
        _model?.DangerousRelease();
        _model = null;
        return true;
    }
}
