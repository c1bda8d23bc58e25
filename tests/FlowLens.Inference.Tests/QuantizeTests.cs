using System.Text.Json;
using FlowLens.Inference.Native;

namespace FlowLens.Inference.Tests;

/// <summary><c>llama_model_quantize</c> through our binding, on a small F16 model (the large preset stays out of the suite).</summary>
[Collection(LlamaCollection.Name)]
public sealed class QuantizeTests(TinyModelFixture fixture)
{
    [Fact]
    public void Native_default_parameters_match_the_header_defaults()
    {
        _ = fixture.Model; // the fixture has initialised the runtime
        var defaults = LlamaNative.llama_model_quantize_default_params();
        Assert.Equal(0, defaults.NThread);
        Assert.Equal((int)LlamaFileType.Q8_0, defaults.FType);
        Assert.Equal(43, defaults.OutputTensorType); // GGML_TYPE_COUNT: "no override"
        Assert.Equal(43, defaults.TokenEmbeddingType);
        Assert.Equal(0, defaults.AllowRequantize);
        Assert.Equal(1, defaults.QuantizeOutputTensor);
        Assert.Equal(0, defaults.DryRun);
        Assert.Equal(0, defaults.Imatrix);
        Assert.Equal(0, defaults.PruneLayers);
        Assert.True(defaults.MaxBufSize > 0);
    }

    [Fact]
    public async Task A_small_f16_model_quantizes_to_q4_0_loads_and_generates_schema_json()
    {
        var f16 = Path.Combine(fixture.Directory, "small-f16.gguf");
        var q4 = Path.Combine(fixture.Directory, "small-q4_0.gguf");
        TinyGgufWriter.Write(f16, new TinyModelOptions { Seed = 3, Embedding = 64, FeedForward = 128, VocabularySize = 1000, HalfPrecision = true });
        var input = GgufFile.ReadInfo(f16);
        Assert.Equal(1000, input.VocabularySize);
        Assert.Equal("F16", input.FileType);

        LlamaQuantizer.Quantize(f16, q4, LlamaFileType.Q4_0, threads: 1);

        var output = GgufFile.ReadInfo(q4);
        Assert.Equal("Q4_0", output.FileType);
        Assert.Equal(input.ParameterCount, output.ParameterCount);
        Assert.True(output.TensorDataBytes < input.TensorDataBytes / 2, $"{output.TensorDataBytes} vs {input.TensorDataBytes}");

        using var model = LlamaModel.Load(q4);
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 512, Threads = 1 });
        using var schema = JsonDocument.Parse(GrammarPropertyTests.SelectionLikeSchema);
        var (text, counters) = await context.GenerateTextAsync("Select:", new GenerationOptions { JsonSchema = schema.RootElement, Seed = 1, MaxTokens = 200 });
        Assert.Equal(FinishReason.EndOfGeneration, counters.FinishReason);
        using var parsed = JsonDocument.Parse(text);
        Assert.InRange(parsed.RootElement.GetProperty("tone").GetProperty("w").GetDouble(), 0, 1);
    }

    [Fact]
    public void Quantizing_a_file_onto_itself_or_a_missing_file_fails_clearly()
    {
        Assert.Throws<ArgumentException>(() => LlamaQuantizer.Quantize(fixture.ModelPath, fixture.ModelPath, LlamaFileType.Q4_0));
        Assert.Throws<ModelFileException>(() => LlamaQuantizer.Quantize(Path.Combine(fixture.Directory, "missing.gguf"), Path.Combine(fixture.Directory, "out.gguf"), LlamaFileType.Q4_0));
    }
}
