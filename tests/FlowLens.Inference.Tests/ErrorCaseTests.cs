using FlowLens.Inference.Gguf;

namespace FlowLens.Inference.Tests;

/// <summary>Every bad input ends in a typed exception and the process keeps running.</summary>
[Collection(LlamaCollection.Name)]
public sealed class ErrorCaseTests(TinyModelFixture fixture)
{
    [Fact]
    public void Loading_a_missing_file_throws_ModelFileException()
    {
        var error = Assert.Throws<ModelFileException>(() => LlamaModel.Load(Path.Combine(fixture.Directory, "nope.gguf")));
        Assert.Equal(ModelFileProblem.Missing, error.Problem);
    }

    [Fact]
    public void Loading_a_truncated_file_throws_ModelFileException()
    {
        var path = Path.Combine(fixture.Directory, "truncated.gguf");
        var bytes = File.ReadAllBytes(fixture.ModelPath);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        Assert.Equal(ModelFileProblem.Truncated, Assert.Throws<ModelFileException>(() => LlamaModel.Load(path)).Problem);
    }

    [Fact]
    public void Loading_an_unknown_architecture_throws_UnsupportedArchitectureException()
    {
        var path = Path.Combine(fixture.Directory, "alien.gguf");
        var writer = new GgufWriter();
        writer.Add("general.architecture", "flowlens-alien");
        writer.Add("general.name", "alien");
        using (var stream = File.Create(path))
        {
            writer.WriteTo(stream);
        }

        var error = Assert.Throws<UnsupportedArchitectureException>(() => LlamaModel.Load(path));
        Assert.Equal("flowlens-alien", error.Architecture);
    }

    [Fact]
    public void A_model_llama_rejects_throws_ModelFileException_with_llamas_reason()
    {
        // Valid GGUF, known architecture, but no tensors: llama.cpp refuses it.
        var path = Path.Combine(fixture.Directory, "hollow.gguf");
        var writer = new GgufWriter();
        writer.Add("general.architecture", "llama");
        using (var stream = File.Create(path))
        {
            writer.WriteTo(stream);
        }

        var error = Assert.Throws<ModelFileException>(() => LlamaModel.Load(path));
        Assert.Equal(ModelFileProblem.Corrupt, error.Problem);
    }

    [Fact]
    public void A_context_larger_than_memory_is_refused_before_allocation()
    {
        var error = Assert.Throws<ContextTooLargeException>(() => fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 1 << 30 }));
        Assert.True(error.EstimatedBytes > error.AvailableBytes);
        Assert.Contains("ContextSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_refused()
    {
        using var small = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 32, Threads = 1 });
        await Assert.ThrowsAsync<ContextTooLargeException>(() => small.GenerateTextAsync(new string('x', 500)));
    }

    [Theory]
    [InlineData("root ::= \"a\" undefined-rule")]
    [InlineData("root ::= [a-z")]
    [InlineData("start ::= \"a\"")]
    public async Task An_invalid_grammar_throws_GrammarException(string grammar)
    {
        await Assert.ThrowsAsync<GrammarException>(() => fixture.Context.GenerateTextAsync("x", new GenerationOptions { Grammar = grammar, MaxTokens = 4 }));

        // The context is still usable afterwards.
        var (_, counters) = await fixture.Context.GenerateTextAsync("x", new GenerationOptions { MaxTokens = 2, Seed = 1 });
        Assert.True(counters.GeneratedTokens > 0);
    }

    [Fact]
    public async Task A_grammar_dead_end_finishes_cleanly_instead_of_aborting_the_process()
    {
        // No token can produce a NUL character, so after "a" the grammar allows nothing.
        var (text, counters) = await fixture.Context.GenerateTextAsync("x", new GenerationOptions { Grammar = "root ::= \"a\" [\\x00]", MaxTokens = 10, Seed = 2 });

        Assert.Equal(FinishReason.GrammarDeadEnd, counters.FinishReason);
        Assert.Equal("a", text);
    }

    [Fact]
    public async Task An_unsupported_schema_throws_GrammarException()
    {
        using var schema = System.Text.Json.JsonDocument.Parse("""{"type":"string","pattern":"^a+$"}""");
        await Assert.ThrowsAsync<GrammarException>(() => fixture.Context.GenerateTextAsync("x", new GenerationOptions { JsonSchema = schema.RootElement }));
    }
}
