using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Cli.Composition;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench core</c>: composition latency and tokens, and what attribution costs (extra model calls per
/// ablated capability relative to the full run, cache-hit ratio), over several seeds on the bundled sample.
/// </summary>
internal static class BenchCoreCommand
{
    public static Command Create()
    {
        var shared = new GenerationOptions();
        var runs = new Option<int>("--runs") { Description = "Runs (one seed each).", DefaultValueFactory = _ => 3 };
        var command = new Command("core", "Benchmark composition and attribution on the bundled sample task.");
        shared.AddTo(command);
        command.Options.Add(runs);
        command.SetAction(async (result, cancellationToken) =>
        {
            var paths = ProductPaths.Discover();
            var workspace = Directory.CreateTempSubdirectory("flowlens-bench-core");
            try
            {
                Copy(Path.Combine(paths.Samples, "compress"), workspace.FullName);
                var file = Path.Combine(workspace.FullName, "src", "TextTools", "RunLength.cs");
                var source = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                var target = new TaskTarget(file, source, TaskLocator.Find(source)[0], new TaskTests.Workspace(workspace.FullName));
                var metrics = new List<(RunMetrics Metrics, int Steps, TimeSpan Duration)>();
                var workflows = new List<string>();
                var settings = shared.Settings(result);
                for (var seed = 0; seed < result.GetValue(runs); seed++)
                {
                    // A fresh generator per seed: no step is a cache hit from an earlier run.
                    var options = new GeneratorOptions { Seed = seed, Learning = LearningMode.ReadOnly, Composer = result.GetValue(shared.Composer)! };
                    await using var generator = new LocalWorkflowGenerator(settings, paths, options);
                    await generator.EnsureLoadedAsync(null, cancellationToken).ConfigureAwait(false);
                    var run = await generator.GenerateAsync(target, null, cancellationToken).ConfigureAwait(false);
                    metrics.Add((run.Metrics!, run.Steps.Count, run.Duration));
                    workflows.Add(string.Join(" -> ", run.Steps.Select(s => s.Label)));
                    await Console.Error.WriteLineAsync($"seed {seed}: {workflows[^1]}").ConfigureAwait(false);
                }

                // One list of figures feeds both the table and --json, so the two never disagree.
                (string Key, string Name, IEnumerable<double> Values)[] figures =
                [
                    ("compositionMs", "composition latency (ms)", metrics.Select(m => m.Metrics.CompositionMilliseconds)),
                    ("compositionPromptTokens", "composition prompt tokens", metrics.Select(m => (double)m.Metrics.CompositionPromptTokens)),
                    ("compositionOutputTokens", "composition output tokens", metrics.Select(m => (double)m.Metrics.CompositionOutputTokens)),
                    ("workflowSteps", "workflow steps", metrics.Select(m => (double)m.Steps)),
                    ("modelCalls", "full run: model calls", metrics.Select(m => (double)m.Metrics.ModelCalls)),
                    ("attributionRuns", "attribution: ablated capabilities", metrics.Select(m => (double)m.Metrics.AttributionRuns)),
                    ("attributionExtraModelCalls", "attribution: extra model calls", metrics.Select(m => (double)m.Metrics.AttributionExtraModelCalls)),
                    ("extraCallsPerAblationRatio", "extra calls per ablation / full-run calls (goal <= 0.5)", metrics.Select(m => m.Metrics.ModelCalls == 0 || m.Metrics.AttributionRuns == 0 ? 0 : (double)m.Metrics.AttributionExtraModelCalls / m.Metrics.AttributionRuns / m.Metrics.ModelCalls)),
                    ("attributionCacheHitRatio", "attribution cache-hit ratio", metrics.Select(m => m.Metrics.AttributionCacheHitRatio)),
                    ("executionMs", "execution (ms)", metrics.Select(m => m.Metrics.ExecutionMilliseconds)),
                    ("attributionMs", "attribution (ms)", metrics.Select(m => m.Metrics.AttributionMilliseconds)),
                    ("totalMs", "total (ms)", metrics.Select(m => m.Duration.TotalMilliseconds)),
                ];
                if (result.GetValue(shared.Json))
                {
                    var report = new JsonObject
                    {
                        ["model"] = settings.ModelPath ?? "tiny model",
                        ["runs"] = metrics.Count,
                        ["workflows"] = new JsonArray([.. workflows.Select(w => (JsonNode?)w)]),
                    };
                    foreach (var (key, _, values) in figures)
                    {
                        var (median, min, max) = Summary(values);
                        report[key] = new JsonObject { ["median"] = Math.Round(median, 3), ["min"] = Math.Round(min, 3), ["max"] = Math.Round(max, 3) };
                    }

                    Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                    return 0;
                }

                var table = new Table().Title($"flowlens bench core ({metrics.Count} runs, sample task, {Markup.Escape(settings.ModelPath ?? "tiny model")})").AddColumns("figure", "median", "min", "max");
                foreach (var (_, name, values) in figures)
                {
                    Row(table, name, values);
                }

                AnsiConsole.Write(table);
                return 0;
            }
            finally
            {
                workspace.Delete(recursive: true);
            }
        });
        return command;
    }

    private static void Row(Table table, string name, IEnumerable<double> values)
    {
        var (median, min, max) = Summary(values);
        table.AddRow(name, F(median), F(min), F(max));
        static string F(double v) => v.ToString(Math.Abs(v) < 10 ? "0.###" : "0", CultureInfo.InvariantCulture);
    }

    private static (double Median, double Min, double Max) Summary(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return (median, sorted[0], sorted[^1]);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
