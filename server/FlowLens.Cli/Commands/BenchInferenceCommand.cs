using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FlowLens.Inference;
using Spectre.Console;
using LlamaGenerationOptions = FlowLens.Inference.GenerationOptions;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench inference</c>: load time, prefill and decode speed, grammar overhead, prefix reuse and peak RSS of
/// the in-process engine, as medians over several runs. Attached under the shared <c>bench</c> command.
/// </summary>
internal static class BenchInferenceCommand
{
    private const string Schema = """
        {"type":"object","properties":{"kind":{"enum":["bug","smell","ok"]},"line":{"type":"integer","minimum":1,"maximum":500},"confidence":{"type":"number","minimum":0,"maximum":1},"note":{"type":"string","maxLength":24}}}
        """;

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "A GGUF model file (default: the cached tiny random model)." };
        var runs = new Option<int>("--runs") { Description = "Runs per measurement; medians are reported.", DefaultValueFactory = _ => 5 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to generate per decode run.", DefaultValueFactory = _ => 64 };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Layers to offload to the GPU (-1 = all)." };
        var command = new Command("inference", "Benchmark the in-process llama.cpp engine: load, prefill, decode, grammar overhead, prefix reuse, memory.");
        command.Options.Add(model);
        command.Options.Add(runs);
        command.Options.Add(tokens);
        command.Options.Add(gpuLayers);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var path = result.GetValue(model) ?? await TinyModelCache.EnsureAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var settings = new BenchSettings(path, Math.Max(1, result.GetValue(runs)), Math.Max(1, result.GetValue(tokens)), result.GetValue(gpuLayers));
                var rows = await RunAsync(settings, cancellationToken).ConfigureAwait(false);
                var table = new Table().AddColumn("Measure").AddColumn(new TableColumn("Median").RightAligned()).AddColumn("Notes");
                foreach (var (name, value, note) in rows)
                {
                    table.AddRow(Markup.Escape(name), Markup.Escape(value), Markup.Escape(note));
                }

                AnsiConsole.Write(table);
                return 0;
            }
            catch (InferenceException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static async Task<List<(string Name, string Value, string Note)>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var loads = new List<double>();
        for (var i = 0; i < settings.Runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var loaded = LlamaModel.Load(settings.ModelPath, new LlamaModelOptions { GpuLayers = settings.GpuLayers });
            loads.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        using var llama = LlamaModel.Load(settings.ModelPath, new LlamaModelOptions { GpuLayers = settings.GpuLayers });
        using var context = llama.CreateContext();
        var prompt = BuildPrompt(Math.Min(512, context.ContextSize / 2));
        var prefill = new List<double>();
        var decode = new List<double>();
        var plainMsPerToken = new List<double>();
        var grammarMsPerToken = new List<double>();
        var reuseFirst = new List<double>();
        var reuseSecond = new List<double>();
        using var schema = JsonDocument.Parse(Schema);
        for (var i = 0; i < settings.Runs; i++)
        {
            context.ClearCache();
            var (_, plain) = await context.GenerateTextAsync(prompt, new LlamaGenerationOptions { MaxTokens = settings.Tokens, Seed = (uint)i }, cancellationToken).ConfigureAwait(false);
            prefill.Add(plain.PrefillTokensPerSecond);
            decode.Add(plain.DecodeTokensPerSecond);
            plainMsPerToken.Add(plain.DecodeMilliseconds / Math.Max(1, plain.GeneratedTokens));

            var (_, constrained) = await context.GenerateTextAsync(prompt, new LlamaGenerationOptions { MaxTokens = settings.Tokens, Seed = (uint)i, JsonSchema = schema.RootElement }, cancellationToken).ConfigureAwait(false);
            grammarMsPerToken.Add(constrained.DecodeMilliseconds / Math.Max(1, constrained.GeneratedTokens));

            context.ClearCache();
            var (_, first) = await context.GenerateTextAsync(prompt, new LlamaGenerationOptions { MaxTokens = 1, Seed = (uint)i }, cancellationToken).ConfigureAwait(false);
            var (_, second) = await context.GenerateTextAsync(prompt + "\n// follow-up question", new LlamaGenerationOptions { MaxTokens = 1, Seed = (uint)i }, cancellationToken).ConfigureAwait(false);
            reuseFirst.Add(first.DecodedPromptTokens);
            reuseSecond.Add(second.DecodedPromptTokens);
        }

        var plainMedian = Median(plainMsPerToken);
        return
        [
            ("model", llama.Descriptor.Id, $"{llama.Info.ParameterCount:N0} params, {llama.Info.FileType}{(llama.Descriptor.IsSynthetic ? ", synthetic" : "")}"),
            ("native library", llama.Library.IsCuda ? "CUDA" : "CPU", llama.Library.LlamaPath),
            ("load time", Format(Median(loads), "ms"), $"{settings.Runs} loads"),
            ("prefill", Format(Median(prefill), "tok/s"), $"{llama.Tokenize(prompt).Length}-token prompt, cold cache, {context.Threads} threads"),
            ("decode", Format(Median(decode), "tok/s"), $"up to {settings.Tokens} tokens, no grammar"),
            ("grammar overhead", Format(plainMedian > 0 ? Median(grammarMsPerToken) / plainMedian : 0, "x"), "ms/token with a JSON schema vs without"),
            ("prefix reuse", $"{Median(reuseSecond):F0} / {Median(reuseFirst):F0}", "prompt tokens decoded by a follow-up call vs the first call"),
            ("peak RSS", Format(PeakResidentMegabytes(), "MiB"), "VmHWM of this process"),
        ];
    }

    private static string BuildPrompt(int approximateTokens)
    {
        var builder = new StringBuilder("// Review the following C# code.\n");
        for (var i = 0; builder.Length < approximateTokens * 3; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"public int Method{i}(int value) {{ return value * {i} + 1; }}\n");
        }

        return builder.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Format(double value, string unit) => string.Create(CultureInfo.InvariantCulture, $"{value:F1} {unit}");

    private static double PeakResidentMegabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return Environment.WorkingSet / (1024.0 * 1024);
        }
    }

    private sealed record BenchSettings(string ModelPath, int Runs, int Tokens, int GpuLayers);
}
