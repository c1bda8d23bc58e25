using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference.Tests;

[Collection(LlamaCollection.Name)]
public sealed class BatchedGenerationTests(TinyModelFixture fixture)
{
    private const string Prompt = "public static int Fibonacci(int n) {";

    [Fact]
    public async Task Batched_samples_equal_what_the_same_seeds_give_sequentially()
    {
        using var context = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1, Sequences = 4 });
        var options = Enumerable.Range(0, 4).Select(i => new GenerationOptions { MaxTokens = 24, Seed = (uint)(10 + i), Temperature = 0.9f }).ToList();

        var sequential = new List<string>();
        foreach (var option in options)
        {
            context.ClearCache();
            sequential.Add((await context.GenerateTextAsync(Prompt, option)).Text);
        }

        context.ClearCache();
        var batched = await context.GenerateBatchAsync(Prompt, options);

        Assert.Equal(sequential, batched.Select(b => b.Text));
        Assert.Equal(4, batched.Select(b => b.Text).Distinct().Count());
        Assert.All(batched, b => Assert.Equal(4, b.Counters.BatchedSequences));
        Assert.All(batched, b => Assert.Equal(24, b.Counters.GeneratedTokens));
        Assert.All(batched, b => Assert.Equal(b.Counters.PromptTokens, b.Counters.DecodedPromptTokens));
    }

    [Fact]
    public async Task Each_sequence_keeps_its_own_grammar_and_ends_on_its_own()
    {
        using var context = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1, Sequences = 4 });
        GenerationOptions[] options =
        [
            new() { Grammar = "root ::= \"yes\" | \"no\"", Seed = 9, MaxTokens = 20 },
            new() { MaxTokens = 5, Seed = 1 },
            new() { Grammar = "root ::= \"ab\" \"STOP\" \"cd\"", StopSequences = ["STOP"], Seed = 1, MaxTokens = 20 },
            new() { Grammar = "root ::= \"a\" [\\x00]", MaxTokens = 10, Seed = 2 },
        ];

        var results = await context.GenerateBatchAsync("x", options);

        Assert.Contains(results[0].Text, new[] { "yes", "no" });
        Assert.Equal(FinishReason.EndOfGeneration, results[0].Counters.FinishReason);
        Assert.Equal(FinishReason.Length, results[1].Counters.FinishReason);
        Assert.Equal(5, results[1].Counters.GeneratedTokens);
        Assert.Equal("ab", results[2].Text);
        Assert.Equal(FinishReason.StopSequence, results[2].Counters.FinishReason);
        Assert.Equal("a", results[3].Text);
        Assert.Equal(FinishReason.GrammarDeadEnd, results[3].Counters.FinishReason);
    }

    [Fact]
    public async Task More_samples_than_sequences_run_in_rounds_with_the_same_results()
    {
        using var context = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1, Sequences = 2 });
        var options = Enumerable.Range(0, 5).Select(i => new GenerationOptions { MaxTokens = 12, Seed = (uint)i, Temperature = 0.8f }).ToList();

        var batched = await context.GenerateBatchAsync(Prompt, options);
        var sequential = new List<string>();
        foreach (var option in options)
        {
            context.ClearCache();
            sequential.Add((await context.GenerateTextAsync(Prompt, option)).Text);
        }

        Assert.Equal(sequential, batched.Select(b => b.Text));
        Assert.Equal([2, 2, 2, 2, 1], batched.Select(b => b.Counters.BatchedSequences));
    }

    [Fact]
    public async Task Cancellation_stops_a_batch_within_one_token_and_the_cache_stays_right()
    {
        using var context = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 4096, Threads = 1, Sequences = 4 });

        // Right recursion never completes, so only cancellation (or a full context) ends these sequences.
        var endless = Enumerable.Range(0, 4).Select(i => new GenerationOptions { Grammar = "root ::= [a-z] root", MaxTokens = 1_000_000, Seed = (uint)i }).ToList();
        var attempts = new List<double>();
        for (var attempt = 0; attempt < 3 && (attempts.Count == 0 || attempts.Min() >= 50); attempt++)
        {
            using var cts = new CancellationTokenSource();
            var running = Task.Run(() => context.GenerateBatchAsync("stream:", endless, cts.Token));
            await Task.Delay(100);
            Assert.False(running.IsCompleted, "the batch ended on its own before it was cancelled");
            var cancelledAt = Stopwatch.GetTimestamp();
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
            attempts.Add(Stopwatch.GetElapsedTime(cancelledAt).TotalMilliseconds);
        }

        Assert.True(attempts.Min() < 50, $"stopped {string.Join(", ", attempts.Select(a => a.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} ms after Cancel()");

        // Afterwards the cache holds the prompt only: a follow-up reuses it and matches a cold run.
        var greedy = new GenerationOptions { MaxTokens = 8, Temperature = 0 };
        var (warmText, warm) = await context.GenerateTextAsync("stream: more", greedy);
        context.ClearCache();
        var (coldText, _) = await context.GenerateTextAsync("stream: more", greedy);
        Assert.True(warm.ReusedPromptTokens > 0);
        Assert.Equal(coldText, warmText);
    }

    [Fact]
    public async Task After_a_batch_the_next_call_reuses_the_prompt_and_matches_a_cold_run()
    {
        using var context = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1, Sequences = 3 });
        var greedy = new GenerationOptions { MaxTokens = 10, Temperature = 0 };
        await context.GenerateBatchAsync(Prompt, [.. Enumerable.Range(0, 3).Select(i => new GenerationOptions { MaxTokens = 16, Seed = (uint)i })]);

        var (warmText, warm) = await context.GenerateTextAsync(Prompt + " return n;", greedy);
        context.ClearCache();
        var (coldText, _) = await context.GenerateTextAsync(Prompt + " return n;", greedy);

        Assert.True(warm.ReusedPromptTokens >= fixture.Model.Tokenize(Prompt).Length - 1);
        Assert.Equal(coldText, warmText);
    }

    [Fact]
    public async Task A_full_context_ends_every_sequence_cleanly()
    {
        using var small = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 64, Threads = 1, Sequences = 2 });
        var endless = new GenerationOptions { Grammar = "root ::= [a-z] root", MaxTokens = 1000, Seed = 1 };

        var results = await small.GenerateBatchAsync("x", [endless, endless with { Seed = 2 }]);

        Assert.All(results, r => Assert.Equal(FinishReason.ContextFull, r.Counters.FinishReason));

        // The shared cells hold the prompt once and every decoded token; each sequence's last token is not decoded.
        Assert.Equal(64 + 2, results[0].Counters.PromptTokens + results.Sum(r => r.Counters.GeneratedTokens));
        var (_, next) = await small.GenerateTextAsync("x", new GenerationOptions { MaxTokens = 4, Seed = 1 });
        Assert.Equal(4, next.GeneratedTokens);
    }

    [Fact]
    public async Task Chat_client_decodes_concurrent_samples_of_one_prompt_together()
    {
        using var context = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1, Sequences = 4 });
        using var client = new LocalLlamaChatClient(context);
        ChatMessage[] messages = [new(ChatRole.User, "Write Fibonacci in C#.")];
        var options = Enumerable.Range(0, 4).Select(i => new ChatOptions
        {
            MaxOutputTokens = 16,
            Seed = 20 + i,
            Temperature = 0.9f,
            AdditionalProperties = new() { [LocalLlamaChatClient.ReproducibleProperty] = true },
        }).ToList();

        var expected = new List<string>();
        foreach (var option in options)
        {
            context.ClearCache();
            var (text, _) = await context.GenerateTextAsync(client.BuildPrompt(messages), client.ToGenerationOptions(option));
            expected.Add(text);
        }

        var responses = await Task.WhenAll(options.Select(o => client.GetResponseAsync(messages, o)));

        Assert.Equal(expected, responses.Select(r => r.Text));
        Assert.Contains(responses, r => (int)r.AdditionalProperties!["batched_sequences"]! >= 2);
        Assert.All(responses, r => Assert.Equal(16, r.Usage!.OutputTokenCount));
    }

    [Fact]
    public async Task Chat_client_caller_that_cancels_stops_waiting_while_the_others_finish()
    {
        using var context = fixture.Model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1, Sequences = 2 });
        using var client = new LocalLlamaChatClient(context);
        ChatMessage[] messages = [new(ChatRole.User, "stream:")];
        using var cts = new CancellationTokenSource();
        var endless = new ChatOptions { MaxOutputTokens = 400, AdditionalProperties = new() { [LocalLlamaChatClient.GrammarProperty] = "root ::= [a-z] root" } };
        var kept = client.GetResponseAsync(messages, endless.Clone());
        var cancelled = client.GetResponseAsync(messages, endless.Clone(), cts.Token);
        await Task.Delay(20);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var response = await kept;
        Assert.Equal(400, response.Usage!.OutputTokenCount);
    }
}
