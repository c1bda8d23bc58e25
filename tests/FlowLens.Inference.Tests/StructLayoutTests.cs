using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FlowLens.Inference.Native;

namespace FlowLens.Inference.Tests;

/// <summary>
/// Our blittable structs must match llama.h of the pinned llama.cpp exactly. The expected numbers were produced
/// once by compiling tests/fixtures/inference/llama-layout.c with gcc against node-llama-cpp 3.22.1's llama.cpp
/// headers (include/llama.h, ggml/include) on x86-64 Linux and copying its output here:
/// <c>gcc -I$SRC/include -I$SRC/ggml/include llama-layout.c -o layout &amp;&amp; ./layout</c>.
/// </summary>
public sealed class StructLayoutTests
{
    public static TheoryData<Type, int> Sizes => new()
    {
        { typeof(LlamaModelParams), 80 },
        { typeof(LlamaContextParams), 160 },
        { typeof(LlamaBatch), 56 },
        { typeof(LlamaTokenData), 12 },
        { typeof(LlamaTokenDataArray), 32 },
        { typeof(LlamaChatMessage), 16 },
        { typeof(LlamaModelQuantizeParams), 64 },
    };

    public static TheoryData<Type, string, int> Offsets => new()
    {
        { typeof(LlamaModelParams), nameof(LlamaModelParams.Devices), 0 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.TensorBuftOverrides), 8 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.NGpuLayers), 16 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.SplitMode), 20 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.LoadMode), 24 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.LazyMode), 28 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.MainGpu), 32 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.TensorSplit), 40 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.ProgressCallback), 48 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.ProgressCallbackUserData), 56 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.KvOverrides), 64 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.VocabOnly), 72 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.CheckTensors), 73 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.UseExtraBufts), 74 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.NoHost), 75 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.NoAlloc), 76 },
        { typeof(LlamaModelParams), nameof(LlamaModelParams.LoadMtp), 77 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NCtx), 0 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NBatch), 4 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NUbatch), 8 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NSeqMax), 12 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NRsSeq), 16 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NOutputsMax), 20 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NOutputsMaxPerSeq), 24 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NThreads), 28 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NThreadsBatch), 32 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.CtxType), 36 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.RopeScalingType), 40 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.PoolingType), 44 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.AttentionType), 48 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.FlashAttnType), 52 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.RopeFreqBase), 56 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.RopeFreqScale), 60 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.YarnExtFactor), 64 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.YarnAttnFactor), 68 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.YarnBetaFast), 72 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.YarnBetaSlow), 76 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.YarnOrigCtx), 80 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.DefragThold), 84 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.CbEval), 88 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.CbEvalUserData), 96 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.TypeK), 104 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.TypeV), 108 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.AbortCallback), 112 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.AbortCallbackData), 120 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.Embeddings), 128 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.OffloadKqv), 129 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NoPerf), 130 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.OpOffload), 131 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.SwaFull), 132 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.KvUnified), 133 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.Samplers), 136 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.NSamplers), 144 },
        { typeof(LlamaContextParams), nameof(LlamaContextParams.CtxOther), 152 },
        { typeof(LlamaBatch), nameof(LlamaBatch.NTokens), 0 },
        { typeof(LlamaBatch), nameof(LlamaBatch.Token), 8 },
        { typeof(LlamaBatch), nameof(LlamaBatch.Embd), 16 },
        { typeof(LlamaBatch), nameof(LlamaBatch.Pos), 24 },
        { typeof(LlamaBatch), nameof(LlamaBatch.NSeqId), 32 },
        { typeof(LlamaBatch), nameof(LlamaBatch.SeqId), 40 },
        { typeof(LlamaBatch), nameof(LlamaBatch.Logits), 48 },
        { typeof(LlamaTokenData), nameof(LlamaTokenData.Id), 0 },
        { typeof(LlamaTokenData), nameof(LlamaTokenData.Logit), 4 },
        { typeof(LlamaTokenData), nameof(LlamaTokenData.P), 8 },
        { typeof(LlamaTokenDataArray), nameof(LlamaTokenDataArray.Data), 0 },
        { typeof(LlamaTokenDataArray), nameof(LlamaTokenDataArray.Size), 8 },
        { typeof(LlamaTokenDataArray), nameof(LlamaTokenDataArray.Selected), 16 },
        { typeof(LlamaTokenDataArray), nameof(LlamaTokenDataArray.Sorted), 24 },
        { typeof(LlamaChatMessage), nameof(LlamaChatMessage.Role), 0 },
        { typeof(LlamaChatMessage), nameof(LlamaChatMessage.Content), 8 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.NThread), 0 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.FType), 4 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.OutputTensorType), 8 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.TokenEmbeddingType), 12 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.AllowRequantize), 16 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.QuantizeOutputTensor), 17 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.OnlyCopy), 18 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.Pure), 19 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.KeepSplit), 20 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.DryRun), 21 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.Imatrix), 24 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.KvOverrides), 32 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.TtOverrides), 40 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.PruneLayers), 48 },
        { typeof(LlamaModelQuantizeParams), nameof(LlamaModelQuantizeParams.MaxBufSize), 56 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Struct_size_matches_the_header(Type type, int expected) => Assert.Equal(expected, Marshal.SizeOf(type));

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Field_offset_matches_the_header(Type type, string field, int expected) =>
        Assert.Equal(expected, (int)Marshal.OffsetOf(type, field));

    [Fact]
    public void Every_field_of_every_bound_struct_is_checked()
    {
        var checkedFields = Offsets.Select(row => ((Type)row[0], (string)row[1])).ToHashSet();
        foreach (var type in Sizes.Select(row => (Type)row[0]))
        {
            foreach (var field in type.GetFields())
            {
                Assert.Contains((type, field.Name), checkedFields);
            }
        }
    }

    [Fact]
    public void Typed_ids_are_plain_32_bit_values_for_interop()
    {
        Assert.Equal(4, Unsafe.SizeOf<LlamaToken>());
        Assert.Equal(4, Unsafe.SizeOf<LlamaSeqId>());
        Assert.Equal(4, Unsafe.SizeOf<LlamaPos>());
    }
}
