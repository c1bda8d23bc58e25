using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FlowLens.Cli.Bench;
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
        var threads = new Option<int>("--threads") { Description = "Threads for prefill and decode (0 = FlowLens' default: 1 below 50M parameters, else the cores, at most 8)." };
        var compareNode = new Option<bool>("--compare-node")
        {
            Description = "Instead of the full benchmark, compare decode (and prefill) speed with node-llama-cpp 3.22.1 side by side: same GGUF, "
                + "same prebuilt llama.cpp (the repository's node_modules/@node-llama-cpp/linux-x64), same threads, context and batch, greedy "
                + "sampling, runs interleaved. Needs node; bench/node-llama-cpp/node_modules is installed on first use with "
                + "`npm install --ignore-scripts --omit=optional` (or `npm run setup` there): no build, no binary download.",
        };
        var sequences = new Option<int>("--sequences")
        {
            Description = "Instead of the full benchmark, time N samples of one prompt decoded as one batch against the same N one after another; "
                + "reports both medians and their ratio (batched over sequential).",
            DefaultValueFactory = _ => 1,
        };
        var json = new Option<bool>("--json") { Description = "With --sequences: print the report as JSON." };
        var command = new Command("inference", "Benchmark the in-process llama.cpp engine: load, prefill, decode, grammar overhead, prefix reuse, memory.");
        command.Options.Add(model);
        command.Options.Add(runs);
        command.Options.Add(tokens);
        command.Options.Add(gpuLayers);
        command.Options.Add(threads);
        command.Options.Add(compareNode);
        command.Options.Add(sequences);
        command.Options.Add(json);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var path = result.GetValue(model) ?? await TinyModelCache.EnsureAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var settings = new BenchSettings(path, Math.Max(1, result.GetValue(runs)), Math.Max(1, result.GetValue(tokens)), result.GetValue(gpuLayers), Math.Max(0, result.GetValue(threads)));
                if (result.GetValue(compareNode))
                {
                    return await NodeComparison.RunAsync(settings, cancellationToken).ConfigureAwait(false);
                }

                if (result.GetValue(json) && result.GetValue(sequences) < 2)
                {
                    Console.Error.WriteLine("error: --json reports the batched comparison; add --sequences N (N >= 2).");
                    return 2;
                }

                if (result.GetValue(sequences) > 1)
                {
                    return await BatchedSamplingBench.RunAsync(settings, result.GetValue(sequences), result.GetValue(json), cancellationToken).ConfigureAwait(false);
                }

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
        using var context = llama.CreateContext(new LlamaContextOptions { Threads = settings.Threads });
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
            ("native library", llama.Library.IsCuda ? "CUDA" : "CPU", $"{llama.Library.LlamaPath} ({llama.Library.Reason})"),
            ("devices", string.Join(", ", LlamaDevices.List().Select(d => d.Name)), string.Join("; ", LlamaDevices.List().Select(d => $"{d.Name}: {d.Kind}, {d.Description}, {d.TotalBytes / (1024 * 1024)} MiB"))),
            ("gpu layers", settings.GpuLayers.ToString(CultureInfo.InvariantCulture), settings.GpuLayers == 0 ? "none asked for: every layer runs on the CPU" : LlamaDevices.List().FirstOrDefault(d => d.IsGpu) is { } gpu ? $"offloaded to {gpu.Name}" : "asked for, but no GPU device: every layer runs on the CPU"),
            ("load time", Format(Median(loads), "ms"), $"{settings.Runs} loads"),
            ("prefill", Format(Median(prefill), "tok/s"), $"{llama.Tokenize(prompt).Length}-token prompt, cold cache, {context.Threads} threads"),
            ("decode", Format(Median(decode), "tok/s"), $"up to {settings.Tokens} tokens, no grammar"),
            ("grammar overhead", Format(plainMedian > 0 ? Median(grammarMsPerToken) / plainMedian : 0, "x"), "ms/token with a JSON schema vs without"),
            ("prefix reuse", $"{Median(reuseSecond):F0} / {Median(reuseFirst):F0}", "prompt tokens decoded by a follow-up call vs the first call"),
            ("peak RSS", Format(PeakResidentMegabytes(), "MiB"), "VmHWM of this process"),
        ];
    }

    internal static string BuildPrompt(int approximateTokens)
    {
        var builder = new StringBuilder("// Review the following C# code.\n");
        for (var i = 0; builder.Length < approximateTokens * 3; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"public int Method{i}(int value) {{ return value * {i} + 1; }}\n");
        }

        return builder.ToString();
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static string Format(double value, string unit) => string.Create(CultureInfo.InvariantCulture, $"{value:F1} {unit}");

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

    internal sealed record BenchSettings(string ModelPath, int Runs, int Tokens, int GpuLayers, int Threads);

    /// <summary>
    /// <c>--compare-node</c>: our decode against node-llama-cpp's on the same library, GGUF, threads, context and batch.
    /// Each round runs one FlowLens generation (model loaded once, warmed up) and then one node-llama-cpp process
    /// (load, 8-token warm-up, one measured run), so drifting machine load hits both sides alike. Both sample greedily
    /// over the full vocabulary; decode time covers sampling plus decoding of every generated token on both sides.
    /// </summary>
    private static class NodeComparison
    {
        private const int ContextSize = 2048;
        private const int BatchSize = 512;
        private const string Side = "node-llama-cpp";

        public static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
        {
            var benchDirectory = FindBenchDirectory();
            if (benchDirectory is null)
            {
                Console.Error.WriteLine("error: bench/node-llama-cpp/bench.mjs not found above the current directory or the flowlens binary; run from the FlowLens repository.");
                return 2;
            }

            if (!Directory.Exists(Path.Combine(benchDirectory, "node_modules", "node-llama-cpp")))
            {
                Console.Error.WriteLine($"installing node-llama-cpp into {benchDirectory}/node_modules (npm install --ignore-scripts --omit=optional: prebuilt binaries only, no build, no binary download)...");
                var (code, _, error) = await ExecAsync("npm", ["install", "--ignore-scripts", "--omit=optional", "--no-audit", "--no-fund"], benchDirectory, cancellationToken).ConfigureAwait(false);
                if (code != 0)
                {
                    Console.Error.WriteLine($"error: npm install failed in {benchDirectory} (exit {code}): {error.Trim()}");
                    return 2;
                }
            }

            using var llama = LlamaModel.Load(settings.ModelPath, new LlamaModelOptions { GpuLayers = settings.GpuLayers });
            using var context = llama.CreateContext(new LlamaContextOptions { ContextSize = ContextSize, BatchSize = BatchSize, Threads = settings.Threads });
            var prompt = BuildPrompt(96);
            var promptFile = Path.Combine(Path.GetTempPath(), $"flowlens-bench-prompt-{Environment.ProcessId}.txt");
            await File.WriteAllTextAsync(promptFile, prompt, cancellationToken).ConfigureAwait(false);
            try
            {
                string[] nodeArguments =
                [
                    Path.Combine(benchDirectory, "bench.mjs"), "--model", Path.GetFullPath(settings.ModelPath), "--threads", context.Threads.ToString(CultureInfo.InvariantCulture),
                    "--tokens", settings.Tokens.ToString(CultureInfo.InvariantCulture), "--runs", "1", "--context", ContextSize.ToString(CultureInfo.InvariantCulture),
                    "--batch", BatchSize.ToString(CultureInfo.InvariantCulture), "--prompt-file", promptFile,
                ];

                var greedy = new LlamaGenerationOptions { MaxTokens = settings.Tokens, Temperature = 0 };
                await context.GenerateTextAsync(prompt, greedy with { MaxTokens = 8 }, cancellationToken).ConfigureAwait(false);
                var ours = new List<GenerationCounters>();
                var ourCpu = new List<double>();
                var theirs = new List<JsonElement>();
                string? nodeBinaries = null;
                for (var round = 0; round < settings.Runs; round++)
                {
                    context.ClearCache();
                    var (counters, cpuMs) = await MeasureAsync(context, prompt, greedy, cancellationToken).ConfigureAwait(false);
                    ours.Add(counters);
                    ourCpu.Add(cpuMs / Math.Max(1, counters.GeneratedTokens));

                    var (code, output, error) = await ExecAsync("node", nodeArguments, benchDirectory, cancellationToken).ConfigureAwait(false);
                    if (code != 0)
                    {
                        Console.Error.WriteLine($"error: node-llama-cpp run failed (exit {code}): {error.Trim()}");
                        return 2;
                    }

                    foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var element = JsonSerializer.Deserialize<JsonElement>(line);
                        if (element.TryGetProperty("info", out _))
                        {
                            nodeBinaries = element.GetProperty("binaries").GetString();
                        }
                        else
                        {
                            theirs.Add(element);
                        }
                    }

                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round + 1}/{settings.Runs}: FlowLens {counters.DecodeTokensPerSecond:F1} tok/s, node-llama-cpp {theirs[^1].GetProperty("decodeTokensPerSecond").GetDouble():F1} tok/s"));
                }

                var ourDecode = Median(ours.Select(c => c.DecodeTokensPerSecond).ToList());
                var theirDecode = Median(theirs.Select(t => t.GetProperty("decodeTokensPerSecond").GetDouble()).ToList());
                var ratios = ours.Zip(theirs, (o, t) => o.DecodeTokensPerSecond / t.GetProperty("decodeTokensPerSecond").GetDouble()).ToList();
                var ourCpuMedian = Median(ourCpu);
                var theirCpuMedian = Median(theirs.Select(t => t.GetProperty("decodeCpuMsPerToken").GetDouble()).ToList());
                var ourPrefill = Median(ours.Select(c => c.PrefillTokensPerSecond).ToList());
                var theirPrefill = Median(theirs.Select(t => t.GetProperty("prefillTokensPerSecond").GetDouble()).ToList());
                var table = new Table()
                    .AddColumn("Measure")
                    .AddColumn(new TableColumn("FlowLens").RightAligned())
                    .AddColumn(new TableColumn(Side).RightAligned())
                    .AddColumn(new TableColumn("FlowLens / node").RightAligned());
                table.AddRow("decode (median tok/s)", Format(ourDecode, "tok/s"), Format(theirDecode, "tok/s"), Ratio(ourDecode, theirDecode));
                table.AddRow("decode, per-round ratio (median)", "", "", string.Create(CultureInfo.InvariantCulture, $"{Median(ratios):F3}"));
                table.AddRow("decode CPU ms/token (median)", string.Create(CultureInfo.InvariantCulture, $"{ourCpuMedian:F3} ms"), string.Create(CultureInfo.InvariantCulture, $"{theirCpuMedian:F3} ms"), Ratio(theirCpuMedian, ourCpuMedian));
                table.AddRow("prefill (median tok/s)", Format(ourPrefill, "tok/s"), Format(theirPrefill, "tok/s"), Ratio(ourPrefill, theirPrefill));
                table.AddRow("generated tokens", Join(ours.Select(c => (double)c.GeneratedTokens)), Join(theirs.Select(t => t.GetProperty("generatedTokens").GetDouble())), "");
                table.AddRow("decode runs (tok/s)", Join(ours.Select(c => c.DecodeTokensPerSecond)), Join(theirs.Select(t => t.GetProperty("decodeTokensPerSecond").GetDouble())), "");
                table.AddRow("prompt tokens", ours[0].PromptTokens.ToString(CultureInfo.InvariantCulture), theirs[0].GetProperty("promptTokens").GetInt32().ToString(CultureInfo.InvariantCulture), "");
                table.AddRow("threads / context / batch", $"{context.Threads} / {ContextSize} / {BatchSize}", $"{context.Threads} / {ContextSize} / {BatchSize}", "");
                if (Console.IsOutputRedirected)
                {
                    AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 132);
                }

                AnsiConsole.MarkupLine(Markup.Escape($"model {llama.Descriptor.Id}: {llama.Info.ParameterCount:N0} params, {llama.Info.FileType}; {settings.Runs} interleaved rounds of {settings.Tokens} greedy tokens"));
                AnsiConsole.MarkupLine(Markup.Escape($"FlowLens library: {llama.Library.Directory}"));
                AnsiConsole.MarkupLine(Markup.Escape($"node-llama-cpp library: {nodeBinaries ?? "unknown"}"));
                AnsiConsole.Write(table);
                return 0;
            }
            finally
            {
                File.Delete(promptFile);
            }
        }

        /// <summary>
        /// One greedy generation; also returns the process CPU milliseconds from the first token to the end, which
        /// (with one thread) tracks the work done and barely moves when other processes compete for the cores.
        /// </summary>
        private static async Task<(GenerationCounters Counters, double CpuMs)> MeasureAsync(LlamaContext context, string prompt, LlamaGenerationOptions options, CancellationToken cancellationToken)
        {
            TimeSpan? firstCpu = null;
            GenerationCounters? counters = null;
            await foreach (var piece in context.GenerateAsync(prompt, options, cancellationToken).ConfigureAwait(false))
            {
                firstCpu ??= CpuTime();
                counters = piece.Counters ?? counters;
            }

            return (counters!, (CpuTime() - firstCpu!.Value).TotalMilliseconds);
        }

        private static TimeSpan CpuTime()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime;
        }

        private static string Ratio(double ours, double theirs) => theirs > 0 ? string.Create(CultureInfo.InvariantCulture, $"{ours / theirs:F3}") : "-";

        private static string Join(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

        private static string? FindBenchDirectory()
        {
            foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    var candidate = Path.Combine(directory.FullName, "bench", "node-llama-cpp");
                    if (File.Exists(Path.Combine(candidate, "bench.mjs")))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        private static async Task<(int Code, string Stdout, string Stderr)> ExecAsync(string file, string[] arguments, string directory, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return (-1, "", $"could not start {file} (is it installed and on PATH?): {e.Message}");
            }

            using var owned = process;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
