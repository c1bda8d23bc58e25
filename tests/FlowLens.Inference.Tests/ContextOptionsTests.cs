namespace FlowLens.Inference.Tests;

/// <summary>Context settings that are passed through to llama.cpp still produce a working context.</summary>
[Collection(LlamaCollection.Name)]
public sealed class ContextOptionsTests(TinyModelFixture fixture)
{
    [Theory]
    [InlineData(null, 512)]
    [InlineData(true, 64)]
    [InlineData(false, 2048)]
    public async Task Flash_attention_and_batch_size_settings_generate(bool? flashAttention, int batchSize)
    {
        using var context = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1, BatchSize = batchSize, FlashAttention = flashAttention });
        Assert.Equal(flashAttention, context.FlashAttention);
        Assert.Equal(Math.Min(batchSize, 1024), context.BatchSize);
        var prompt = string.Concat(Enumerable.Repeat("public int Value => 42; ", 30));
        var (_, counters) = await context.GenerateTextAsync(prompt, new GenerationOptions { Temperature = 0, MaxTokens = 4 });
        Assert.True(counters.PromptTokens > 64, $"{counters.PromptTokens} prompt tokens: the prompt must span several batches");
        Assert.True(counters.GeneratedTokens > 0 || counters.FinishReason == FinishReason.EndOfGeneration);
    }
}
