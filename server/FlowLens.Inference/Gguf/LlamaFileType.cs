namespace FlowLens.Inference;

/// <summary>The <c>llama_ftype</c> targets <see cref="LlamaQuantizer"/> offers (values are llama.h's).</summary>
public enum LlamaFileType
{
    /// <summary>Half-precision weights (1-D tensors stay F32).</summary>
    F16 = 1,

    /// <summary>4-bit blocks of 32 with one scale: the smallest, fastest type the CPU kernels handle well.</summary>
    Q4_0 = 2,

    /// <summary>8-bit blocks of 32.</summary>
    Q8_0 = 7,

    /// <summary>The common k-quant mix of 4- and 6-bit blocks of 256 (rows must be multiples of 256, else a fallback type is used).</summary>
    Q4_K_M = 15,
}
