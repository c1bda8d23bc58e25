using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Cli.Bench;
using FlowLens.Cli.Composition;
using FlowLens.Core.Composition;
using FlowLens.Core.Learning;
using FlowLens.Core.Workflows;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench compose --suite PATH [--limit 20] [--json]</c>: the one-pass composer alone over a suite's first
/// tasks (no execution): which capabilities it chooses per task, the stitched workflow, output tokens and latency.
/// </summary>
internal static class BenchComposeCommand
{
    public static Command Create()
    {
        var shared = new GenerationOptions();
        var suite = new Option<string>("--suite") { Description = "A MultiPL-E .jsonl file, or a folder (of .jsonl files, or of task folders).", Required = true };
        var limit = new Option<int>("--limit") { Description = "Compose for the first N tasks.", DefaultValueFactory = _ => 20 };
        var k = new Option<int>("--max-capabilities") { Description = "At most this many capabilities per composition (k).", DefaultValueFactory = _ => ComposerOptions.DefaultMaxCapabilities };
        var command = new Command("compose", "Compose (one pass, no execution) for a suite's first tasks: chosen capabilities, output tokens and latency per task.");
        shared.AddTo(command);
        command.Options.Add(suite);
        command.Options.Add(limit);
        command.Options.Add(k);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(limit) < 1 || result.GetValue(k) < 1)
            {
                await Console.Error.WriteLineAsync("error: --limit and --max-capabilities must be at least 1").ConfigureAwait(false);
                return 2;
            }

            var tasks = SuiteLoader.Load(result.GetValue(suite)!).Take(result.GetValue(limit)).ToList();
            var paths = ProductPaths.Discover();
            var settings = shared.Settings(result);
            var connection = await ModelConnection.OpenAsync(settings, null, cancellationToken).ConfigureAwait(false);
            using var model = connection.Client;
            var library = Core.Capabilities.CapabilityLibrary.Load(paths.Capabilities);
            var template = await File.ReadAllTextAsync(paths.MetaAgentPrompt, cancellationToken).ConfigureAwait(false);
            var seed = result.GetValue(shared.Seed) ?? 0;
            var options = ComposerOptions.Default with { Seed = seed, MaxCapabilities = result.GetValue(k) };
            var composer = new MetaAgentComposer(model, library, template, PriorStore.InMemory(), ReplayBuffer.InMemory(), options);
            var rows = new List<(string Task, CapabilitySelection Selection, Workflow Workflow)>();
            for (var i = 0; i < tasks.Count; i++)
            {
                var selection = await composer.ComposeAsync(tasks[i].Target, seed + i, cancellationToken).ConfigureAwait(false);
                rows.Add((tasks[i].Name, selection, WorkflowStitcher.Stitch(selection.Selected, library)));
                await Console.Error.WriteLineAsync($"{tasks[i].Name}: {SearchDescribe(selection)} => {rows[^1].Workflow.Label}").ConfigureAwait(false);
            }

            if (result.GetValue(shared.Json))
            {
                var json = new JsonObject
                {
                    ["model"] = connection.ModelId,
                    ["synthetic"] = connection.IsSynthetic,
                    ["maxCapabilities"] = options.MaxCapabilities,
                    ["tasks"] = new JsonArray([.. rows.Select(r => (JsonNode?)new JsonObject
                    {
                        ["task"] = r.Task,
                        ["chosen"] = new JsonArray([.. r.Selection.Selected.Select(s => (JsonNode?)s.Id)]),
                        ["selection"] = SearchDescribe(r.Selection),
                        ["workflow"] = r.Workflow.Label,
                        ["steps"] = r.Workflow.Steps.Count,
                        ["outputTokens"] = r.Selection.OutputTokens,
                        ["promptTokens"] = r.Selection.PromptTokens,
                        ["ms"] = Math.Round(r.Selection.Latency.TotalMilliseconds, 1),
                        ["repairs"] = new JsonArray([.. r.Selection.Repairs.Select(x => (JsonNode?)x)]),
                    })]),
                    ["medianOutputTokens"] = Median(rows.Select(r => (double)r.Selection.OutputTokens)),
                    ["maxOutputTokens"] = rows.Max(r => r.Selection.OutputTokens),
                    ["medianMs"] = Math.Round(Median(rows.Select(r => r.Selection.Latency.TotalMilliseconds)), 1),
                    ["medianChosen"] = Median(rows.Select(r => (double)r.Selection.Selected.Count)),
                    ["medianSteps"] = Median(rows.Select(r => (double)r.Workflow.Steps.Count)),
                    ["chosenCounts"] = new JsonObject(library.Capabilities.Select(c => KeyValuePair.Create(c.Id, (JsonNode?)rows.Count(r => r.Selection.Selected.Any(s => s.Id == c.Id))))),
                };
                Console.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            var table = new Table().Title($"flowlens bench compose ({rows.Count} tasks, k = {options.MaxCapabilities}, {Markup.Escape(connection.ModelId)})").AddColumns("task", "chosen", "workflow", "output tokens", "ms");
            foreach (var (task, selection, workflow) in rows)
            {
                table.AddRow(Markup.Escape(task), Markup.Escape(string.Join(", ", selection.Selected.Select(s => s.Id))), Markup.Escape(workflow.Label), selection.OutputTokens.ToString(CultureInfo.InvariantCulture), selection.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"median output tokens {Median(rows.Select(r => (double)r.Selection.OutputTokens)):0.#} (max {rows.Max(r => r.Selection.OutputTokens)}), median latency {Median(rows.Select(r => r.Selection.Latency.TotalMilliseconds)):0} ms, median chosen {Median(rows.Select(r => (double)r.Selection.Selected.Count)):0.#}, median workflow steps {Median(rows.Select(r => (double)r.Workflow.Steps.Count)):0.#}"));
            AnsiConsole.MarkupLine("chosen per capability: " + Markup.Escape(string.Join(", ", library.Capabilities.Select(c => $"{c.Id} {rows.Count(r => r.Selection.Selected.Any(s => s.Id == c.Id))}"))));
            return 0;
        });
        return command;
    }

    private static string SearchDescribe(CapabilitySelection selection) => Core.Search.SearchPrompts.Describe(selection.Selected);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
