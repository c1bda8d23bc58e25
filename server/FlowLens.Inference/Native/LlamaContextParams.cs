using System.Runtime.InteropServices;

namespace FlowLens.Inference.Native;

/// <summary><c>struct llama_context_params</c> from the pinned llama.h (160 bytes on x64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    public uint NCtx;
    public uint NBatch;
    public uint NUbatch;
    public uint NSeqMax;
    public uint NRsSeq;
    public uint NOutputsMax;
    public uint NOutputsMaxPerSeq;
    public int NThreads;
    public int NThreadsBatch;
    public int CtxType;
    public int RopeScalingType;
    public int PoolingType;
    public int AttentionType;
    public int FlashAttnType;
    public float RopeFreqBase;
    public float RopeFreqScale;
    public float YarnExtFactor;
    public float YarnAttnFactor;
    public float YarnBetaFast;
    public float YarnBetaSlow;
    public uint YarnOrigCtx;
    public float DefragThold;
    public nint CbEval;
    public nint CbEvalUserData;
    public int TypeK;
    public int TypeV;
    public nint AbortCallback;
    public nint AbortCallbackData;
    public byte Embeddings;
    public byte OffloadKqv;
    public byte NoPerf;
    public byte OpOffload;
    public byte SwaFull;
    public byte KvUnified;
    public nint Samplers;
    public nuint NSamplers;
    public nint CtxOther;
}
