using System.Diagnostics;

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

    [Fact]
    public async Task Second_call_with_a_shared_prefix_decodes_only_the_suffix_and_matches_a_cold_run()
    {
        var context = fixture.Context;
        var greedy = new GenerationOptions { MaxTokens = 12, Temperature = 0 };
        const string First = "public class Order { public int Id; public string Name; }";
        const string Second = First + " // next: validate the order";
        context.ClearCache();

        var (_, cold) = await context.GenerateTextAsync(First, greedy);
        var (warmText, warm) = await context.GenerateTextAsync(Second, greedy);
        context.ClearCache();
        var (coldText, coldSecond) = await context.GenerateTextAsync(Second, greedy);

        var firstTokens = fixture.Model.Tokenize(First);
        var secondTokens = fixture.Model.Tokenize(Second);
        var shared = firstTokens.Zip(secondTokens).TakeWhile(p => p.First == p.Second).Count();
        Assert.Equal(0, cold.ReusedPromptTokens);
        Assert.Equal(firstTokens.Length, cold.DecodedPromptTokens);
        Assert.True(shared >= firstTokens.Length - 1, $"prefix of {shared} tokens");
        Assert.Equal(shared, warm.ReusedPromptTokens);
        Assert.Equal(secondTokens.Length - shared, warm.DecodedPromptTokens);
        Assert.Equal(secondTokens.Length, coldSecond.DecodedPromptTokens);

        // Reusing the cache must not change the result.
        Assert.Equal(coldText, warmText);
    }

    [Fact]
    public async Task Identical_prompt_reuses_everything_but_the_last_token()
    {
        var options = new GenerationOptions { MaxTokens = 4, Temperature = 0 };
        fixture.Context.ClearCache();
        await fixture.Context.GenerateTextAsync("var x = new List<int>();", options);
        var (_, again) = await fixture.Context.GenerateTextAsync("var x = new List<int>();", options);

        Assert.Equal(1, again.DecodedPromptTokens);
        Assert.Equal(again.PromptTokens - 1, again.ReusedPromptTokens);
    }

    [Fact]
    public async Task Cancellation_stops_a_long_generation_within_50_ms()
    {
        // The test projects run side by side on two cores, so one measurement can include time the thread simply was
        // not scheduled. The best of three still fails when the loop itself is slow to notice cancellation (checking
        // every few tokens, or only between calls, costs far more than 50 ms on every attempt).
        var attempts = new List<double>();
        for (var attempt = 0; attempt < 3 && (attempts.Count == 0 || attempts.Min() >= 50); attempt++)
        {
            attempts.Add((await CancelAfter20Pieces()).TotalMilliseconds);
        }

        Assert.True(attempts.Min() < 50, $"stopped {string.Join(", ", attempts.Select(a => a.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} ms after Cancel()");

        // The cache is consistent after a cancelled stream: the next call works and reuses its prefix.
        var (_, next) = await fixture.Context.GenerateTextAsync("stream: more", new GenerationOptions { MaxTokens = 2, Seed = 1 });
        Assert.True(next.ReusedPromptTokens > 0);
    }

    private async Task<TimeSpan> CancelAfter20Pieces()
    {
        // Right recursion never completes, so only cancellation (or a full context) can end this stream.
        var options = new GenerationOptions { Grammar = "root ::= [a-z] root", MaxTokens = 1_000_000, Seed = 4 };
        using var cts = new CancellationTokenSource();
        var pieces = 0;
        long cancelledAt = 0;
        var canceller = Task.Run(async () =>
        {
            while (Volatile.Read(ref pieces) < 20)
            {
                await Task.Delay(1);
            }

            Volatile.Write(ref cancelledAt, Stopwatch.GetTimestamp());
            await cts.CancelAsync();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var piece in fixture.Context.GenerateAsync("stream:", options, cts.Token))
            {
                Assert.False(piece.IsFinal, "the stream ended on its own before it was cancelled");
                Interlocked.Increment(ref pieces);
            }
        });
        var ended = Stopwatch.GetTimestamp();
        await canceller;
        return Stopwatch.GetElapsedTime(Volatile.Read(ref cancelledAt), ended);
    }

    [Fact]
    public async Task Stop_sequence_ends_generation_and_is_not_emitted()
    {
        var grammar = "root ::= \"ab\" \"STOP\" \"cd\"";
        var (text, counters) = await fixture.Context.GenerateTextAsync("x", new GenerationOptions { Grammar = grammar, StopSequences = ["STOP"], Seed = 1, MaxTokens = 20 });

        Assert.Equal("ab", text);
        Assert.Equal(FinishReason.StopSequence, counters.FinishReason);
    }

    [Fact]
    public async Task Completed_grammar_ends_with_end_of_generation()
    {
        var (text, counters) = await fixture.Context.GenerateTextAsync("x", new GenerationOptions { Grammar = "root ::= \"yes\" | \"no\"", Seed = 9, MaxTokens = 20 });

        Assert.Contains(text, new[] { "yes", "no" });
        Assert.Equal(FinishReason.EndOfGeneration, counters.FinishReason);
    }

    [Fact]
    public async Task Multi_byte_characters_split_across_byte_tokens_are_decoded_whole()
    {
        // "é" and "✓" only exist as byte tokens in the tiny vocabulary, so each arrives in 2-3 pieces.
        var (text, counters) = await fixture.Context.GenerateTextAsync("x", new GenerationOptions { Grammar = "root ::= \"é✓\"", Seed = 1, MaxTokens = 20 });

        Assert.Equal("é✓", text);
        Assert.Equal(5, counters.GeneratedTokens);
    }

    [Fact]
    public async Task Concurrent_requests_are_serialised_and_do_not_corrupt_each_other()
    {
        var a = new GenerationOptions { MaxTokens = 16, Temperature = 0 };
        fixture.Context.ClearCache();
        var (expectedA, _) = await fixture.Context.GenerateTextAsync("class Alpha {", a);
        fixture.Context.ClearCache();
        var (expectedB, _) = await fixture.Context.GenerateTextAsync("[1, 2, 3", a);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            fixture.Context.GenerateTextAsync(i % 2 == 0 ? "class Alpha {" : "[1, 2, 3", a))));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? expectedA : expectedB, results[i].Text);
        }
    }

    [Fact]
    public async Task Context_full_ends_the_stream_cleanly()
    {
        using var small = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 64, Threads = 1 });
        var (_, counters) = await small.GenerateTextAsync("x", new GenerationOptions { Grammar = "root ::= [a-z] root", MaxTokens = 1000, Seed = 1 });

        Assert.Equal(FinishReason.ContextFull, counters.FinishReason);
        // 64 tokens fill the cache; the last sampled token is emitted but never needs decoding.
        Assert.Equal(65, counters.PromptTokens + counters.GeneratedTokens);
        Assert.Equal(64, small.CachedTokenCount);
    }

    [Fact]
    public void Chat_template_falls_back_to_the_documented_plain_format()
    {
        var prompt = fixture.Model.ApplyChatTemplate([new ChatTurn("system", "Be brief."), new ChatTurn("user", "Hi")]);
        Assert.Equal("<|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\n", prompt);
    }

    [Fact]
    public void Tokenize_and_detokenize_round_trip()
    {
        const string Text = "public void Run() { return; } // ünïcode ✓";
        var tokens = fixture.Model.Tokenize(Text);
        Assert.Equal(new LlamaToken(1), tokens[0]);
        Assert.Equal(" " + Text, fixture.Model.Detokenize(tokens.Skip(1)));
    }
}
