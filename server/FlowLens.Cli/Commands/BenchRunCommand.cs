using System.CommandLine;
using System.Globalization;
using FlowLens.Cli.Bench;
using FlowLens.Core;
using FlowLens.Core.Generation;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench run --suite PATH --modes ... --out DIR</c>: every mode over a suite's test split, with success,
/// latency and cost per mode, written to <c>DIR/report.{json,md,svg}</c>; finished work is kept in
/// <c>DIR/results.jsonl</c> and skipped on a rerun.
/// </summary>
internal static class BenchRunCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "A MultiPL-E .jsonl file, or a folder (of .jsonl files, or of task folders).", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder: results.jsonl (resumable), report.json, report.md, report.svg.", Required = true };
        var modes = new Option<string>("--modes") { Description = "Comma-separated: " + string.Join(",", BenchOptions.AllModes) + ".", DefaultValueFactory = _ => string.Join(",", BenchOptions.AllModes) };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N tasks of the suite (before the split)." };
        var seed = new Option<int>("--seed") { Description = "Seed for the split, composition, search and sampling.", DefaultValueFactory = _ => 0 };
        var model = new Option<string?>("--model") { Description = "A GGUF model file (default: $FLOWLENS_MODEL, else the tiny random test model)." };
        var backend = new Option<string>("--backend") { Description = "local, ollama or openai.", DefaultValueFactory = _ => "local" };
        var ollamaModel = new Option<string?>("--ollama-model") { Description = "Model name on the Ollama server." };
        var ollamaUrl = new Option<string?>("--ollama-url") { Description = "Ollama server URL." };
        var openAIUrl = new Option<string?>("--openai-url") { Description = "OpenAI-compatible endpoint." };
        var openAIModel = new Option<string?>("--openai-model") { Description = "Model name on the OpenAI-compatible server." };
        var gpuLayers = new Option<int?>("--gpu-layers") { Description = "Layers to offload to the GPU (local backend)." };
        var refineRounds = new Option<int>("--refine-rounds") { Description = "Iterative refinement rounds (l).", DefaultValueFactory = _ => 20 };
        var particles = new Option<int>("--bayesflow-n") { Description = "BayesFlow particles (N).", DefaultValueFactory = _ => 10 };
        var lookAhead = new Option<int>("--bayesflow-k") { Description = "BayesFlow look-ahead completions per prefix (K).", DefaultValueFactory = _ => 1 };
        var refinements = new Option<int>("--bayesflow-m") { Description = "BayesFlow refined workflows per round (M).", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--bayesflow-t") { Description = "BayesFlow rounds (T).", DefaultValueFactory = _ => 5 };
        var samples = new Option<int>("--sc-samples") { Description = "Self-consistency samples.", DefaultValueFactory = _ => 3 };
        var maxTokens = new Option<int?>("--max-tokens", "--max-output-tokens") { Description = "Answer budget of each worker step, in tokens (default 64 for the tiny test model, else 4096; a capability's max_tokens takes precedence)." };
        var metaTokens = new Option<int>("--meta-max-output-tokens") { Description = "Meta-agent answer length.", DefaultValueFactory = _ => 1024 };
        var parallel = new Option<int>("--parallel") { Description = "Test tasks run at once (their model requests share the backend's gate).", DefaultValueFactory = _ => 1 };
        var inFlight = new Option<int?>("--max-in-flight") { Description = "Model requests in flight at once (default: 1 for the local model, 8 for a server)." };
        var fresh = new Option<bool>("--fresh") { Description = "Discard the results already in --out and start afresh (a rerun with other settings refuses otherwise)." };
        var attribution = new Option<string>("--attribution") { Description = "Attribution after each task's workflow: leave-one-out, shapley or off.", DefaultValueFactory = _ => "leave-one-out" };

        var command = new Command("run", "Run composition and search modes over a suite's test split and write a success/latency/cost report.");
        foreach (var option in new Option[] { suite, output, modes, limit, seed, model, backend, ollamaModel, ollamaUrl, openAIUrl, openAIModel, gpuLayers, refineRounds, particles, lookAhead, refinements, rounds, samples, maxTokens, metaTokens, parallel, inFlight, fresh, attribution })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            var chosen = (result.GetValue(modes) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            var unknown = chosen.Where(m => !BenchOptions.AllModes.Contains(m)).ToList();
            if (chosen.Count == 0 || unknown.Count > 0)
            {
                error.MarkupLine($"[red]error:[/] unknown mode(s) {Markup.Escape(string.Join(", ", unknown))}; use {string.Join(", ", BenchOptions.AllModes)}");
                return 2;
            }

            var attributionMode = result.GetValue(attribution) ?? "leave-one-out";
            if (attributionMode is not ("leave-one-out" or "shapley" or "off") || result.GetValue(parallel) < 1 || result.GetValue(inFlight) is < 1)
            {
                error.MarkupLine("[red]error:[/] --attribution takes leave-one-out, shapley or off; --parallel and --max-in-flight take a number of at least 1");
                return 2;
            }

            var options = new BenchOptions
            {
                Suite = result.GetValue(suite)!,
                OutputDirectory = result.GetValue(output)!,
                Modes = chosen,
                Limit = result.GetValue(limit),
                Seed = result.GetValue(seed),
                Settings = new FlowLensSettings
                {
                    Backend = result.GetValue(backend) ?? "local",
                    ModelPath = result.GetValue(model),
                    GpuLayers = result.GetValue(gpuLayers),
                    OllamaModel = result.GetValue(ollamaModel),
                    OllamaUrl = result.GetValue(ollamaUrl),
                    OpenAIUrl = result.GetValue(openAIUrl),
                    OpenAIModel = result.GetValue(openAIModel),
                    MaxInFlightRequests = result.GetValue(inFlight),
                },
                RefineRounds = result.GetValue(refineRounds),
                BayesFlowParticles = result.GetValue(particles),
                BayesFlowLookAhead = result.GetValue(lookAhead),
                BayesFlowRefinements = result.GetValue(refinements),
                BayesFlowRounds = result.GetValue(rounds),
                SelfConsistencySamples = result.GetValue(samples),
                MaxOutputTokens = result.GetValue(maxTokens),
                MetaAgentMaxOutputTokens = result.GetValue(metaTokens),
                Parallel = result.GetValue(parallel),
                Fresh = result.GetValue(fresh),
                Attribution = attributionMode,
            };

            BenchReport report;
            try
            {
                var split = BenchRunner.LoadSplit(options);
                await using var services = await BenchServices.StartAsync(options.Settings, cancellationToken).ConfigureAwait(false);
                if (Console.IsErrorRedirected)
                {
                    var progress = new InlineProgress<BenchProgress>(p => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{p.Mode} {p.Done}/{p.Total}] {p.Message}")));
                    report = await new BenchRunner(options, services, TimeProvider.System, progress).RunAsync(split, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    report = await error.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(async context =>
                        {
                            var bars = options.Modes.ToDictionary(m => m, m => context.AddTask(Markup.Escape(m), maxValue: Math.Max(1, BenchRunner.Units(m, split))));
                            var progress = new InlineProgress<BenchProgress>(p =>
                            {
                                var bar = bars[p.Mode];
                                bar.Value = p.Done;
                                var message = p.Message.Length > 40 ? p.Message[..37] + "..." : p.Message;
                                bar.Description = Markup.Escape($"{p.Mode}: {message}");
                            });
                            return await new BenchRunner(options, services, TimeProvider.System, progress).RunAsync(split, cancellationToken).ConfigureAwait(false);
                        }).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or System.Text.Json.JsonException or KeyNotFoundException)
            {
                error.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return 1;
            }

            var table = new Table().Title(Markup.Escape($"flowlens bench run: {report.TestTasks.Count} test task(s), {report.ValidationTasks.Count} validation")).AddColumns("mode", "pass@1", "mean s", "p95 s", "meta tokens (total)", "worker tokens (total)", "model calls (total)", "sandbox runs (total)");
            foreach (var m in report.Modes)
            {
                table.AddRow(
                    Markup.Escape(m.Mode),
                    string.Create(CultureInfo.InvariantCulture, $"{m.Passed}/{m.Tasks}"),
                    (m.MeanMs / 1000).ToString("0.00", CultureInfo.InvariantCulture),
                    (m.P95Ms / 1000).ToString("0.00", CultureInfo.InvariantCulture),
                    m.TotalMetaAgentTokens.ToString(CultureInfo.InvariantCulture),
                    m.TotalWorkerTokens.ToString(CultureInfo.InvariantCulture),
                    m.TotalModelCalls.ToString(CultureInfo.InvariantCulture),
                    m.TotalSandboxRuns.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            if (report.Throughput is { } throughput)
            {
                var rate = throughput.TokensPerSecond is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{throughput.Parallel} task(s) at once, at most {throughput.GateLimit?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} model request(s) in flight (peak {throughput.PeakInFlight?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}): {throughput.WallSeconds:0.0} s wall, {rate} tokens/s; composer fallbacks: {report.Modes.Sum(m => m.Fallbacks)}")));
            }

            AnsiConsole.MarkupLine(Markup.Escape($"{report.FreshUnits} new result(s); wrote {Path.Combine(options.OutputDirectory, "report.md")}, report.json, report.svg and results.jsonl"));
            return 0;
        });
        return command;
    }
}
