using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Cli.Commands;
using FlowLens.Inference;
using Spectre.Console;
using LlamaGenerationOptions = FlowLens.Inference.GenerationOptions;

namespace FlowLens.Cli.Bench;

/// <summary>
/// <c>flowlens bench inference --sequences N</c>: N samples of one prompt (seeds 0..N-1), decoded as one batch against
/// the same N generated one after another on the same context. Runs alternate the two sides so drifting load hits both;
/// the ratio is batched time over sequential time (the median of the per-run ratios). Both sides start from an empty
/// cache, sample every token with the same settings and must produce the same number of tokens to count.
/// </summary>
internal static class BatchedSamplingBench
{
    public static async Task<int> RunAsync(BenchInferenceCommand.BenchSettings settings, int sequences, bool json, CancellationToken cancellationToken)
    {
        using var llama = LlamaModel.Load(settings.ModelPath, new LlamaModelOptions { GpuLayers = settings.GpuLayers });
        using var context = llama.CreateContext(new LlamaContextOptions { ContextSize = 2048, Threads = settings.Threads, Sequences = sequences });
        var prompt = BenchInferenceCommand.BuildPrompt(256);
        var options = Enumerable.Range(0, sequences)
            .Select(i => new LlamaGenerationOptions { MaxTokens = settings.Tokens, Seed = (uint)i, Temperature = 0.8f })
            .ToList();

        // One unmeasured round of each warms caches and thread pools.
        await SequentialAsync(context, prompt, options, cancellationToken).ConfigureAwait(false);
        await BatchedAsync(context, prompt, options, cancellationToken).ConfigureAwait(false);

        var sequentialMs = new List<double>();
        var batchedMs = new List<double>();
        var ratios = new List<double>();
        var sequentialTokens = 0;
        var batchedTokens = 0;
        for (var run = 0; run < settings.Runs; run++)
        {
            var (sequentialTime, sequentialCount) = await SequentialAsync(context, prompt, options, cancellationToken).ConfigureAwait(false);
            var (batchedTime, batchedCount) = await BatchedAsync(context, prompt, options, cancellationToken).ConfigureAwait(false);
            sequentialMs.Add(sequentialTime);
            batchedMs.Add(batchedTime);
            ratios.Add(batchedTime / sequentialTime);
            sequentialTokens = sequentialCount;
            batchedTokens = batchedCount;
        }

        var ratio = BenchInferenceCommand.Median(ratios);
        var device = settings.GpuLayers != 0 && LlamaDevices.List().Any(d => d.IsGpu) ? "gpu" : "cpu";
        if (json)
        {
            var report = new JsonObject
            {
                ["model"] = llama.Descriptor.Id,
                ["parameters"] = llama.Info.ParameterCount,
                ["device"] = device,
                ["threads"] = context.Threads,
                ["promptTokens"] = llama.Tokenize(prompt).Length,
                ["sequences"] = sequences,
                ["maxTokens"] = settings.Tokens,
                ["runs"] = settings.Runs,
                ["sequentialMs"] = Math.Round(BenchInferenceCommand.Median(sequentialMs), 1),
                ["batchedMs"] = Math.Round(BenchInferenceCommand.Median(batchedMs), 1),
                ["sequentialTokens"] = sequentialTokens,
                ["batchedTokens"] = batchedTokens,
                ["ratio"] = Math.Round(ratio, 3),
            };
            Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        var table = new Table().Title($"flowlens bench inference --sequences {sequences} ({Markup.Escape(llama.Descriptor.Id)}, {device})")
            .AddColumn("Measure").AddColumn(new TableColumn("Median").RightAligned()).AddColumn("Notes");
        table.AddRow("sequential", BenchInferenceCommand.Format(BenchInferenceCommand.Median(sequentialMs), "ms"), $"{sequences} generations one after another, {sequentialTokens} tokens");
        table.AddRow("batched", BenchInferenceCommand.Format(BenchInferenceCommand.Median(batchedMs), "ms"), $"one batch of {sequences} sequences, {batchedTokens} tokens");
        table.AddRow("ratio", ratio.ToString("F3", CultureInfo.InvariantCulture), "batched over sequential (median of per-run ratios)");
        AnsiConsole.Write(table);
        return 0;
    }

    private static async Task<(double Milliseconds, int Tokens)> SequentialAsync(LlamaContext context, string prompt, List<LlamaGenerationOptions> options, CancellationToken cancellationToken)
    {
        context.ClearCache();
        var tokens = 0;
        var started = Stopwatch.GetTimestamp();
        foreach (var option in options)
        {
            var (_, counters) = await context.GenerateTextAsync(prompt, option, cancellationToken).ConfigureAwait(false);
            tokens += counters.GeneratedTokens;
        }

        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, tokens);
    }

    private static async Task<(double Milliseconds, int Tokens)> BatchedAsync(LlamaContext context, string prompt, List<LlamaGenerationOptions> options, CancellationToken cancellationToken)
    {
        context.ClearCache();
        var started = Stopwatch.GetTimestamp();
        var results = await context.GenerateBatchAsync(prompt, options, cancellationToken).ConfigureAwait(false);
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, results.Sum(r => r.Counters.GeneratedTokens));
    }
}
