namespace FlowLens.Inference.Tests;

[Collection(LlamaCollection.Name)]
public sealed class GenerationTests(TinyModelFixture fixture)
{
    [Fact]
    public void Tiny_model_loads_with_its_declared_shape()
    {
        var model = fixture.Model;
        Assert.Equal("llama", model.Descriptor.Architecture);
        Assert.True(model.Descriptor.IsSynthetic);
        Assert.Equal(2, model.LayerCount);
        Assert.Equal(64, model.EmbeddingLength);
        Assert.Equal(2048, model.TrainedContextLength);
        Assert.True(model.VocabularySize > 259);
        Assert.Null(model.ChatTemplate);
        Assert.Contains("node_modules", model.Library.Directory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generates_the_requested_number_of_tokens_deterministically_for_a_seed()
    {
        var options = new GenerationOptions { MaxTokens = 20, Seed = 3, Temperature = 0.9f };
        fixture.Context.ClearCache();
        var (first, counters) = await fixture.Context.GenerateTextAsync("public class Foo", options);
        fixture.Context.ClearCache();
        var (second, _) = await fixture.Context.GenerateTextAsync("public class Foo", options);
        Assert.Equal(first, second);
        Assert.True(counters.GeneratedTokens > 0);
        Assert.True(counters.FinishReason is FinishReason.Length or FinishReason.EndOfGeneration);
        Assert.Equal(counters.PromptTokens, counters.DecodedPromptTokens);
    }
}
