using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary><c>llama_token_data</c>: one candidate for the samplers.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    public int Id;
    public float Logit;
    public float P;
}
