using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Cli.Bench;
using FlowLens.Cli.Composition;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using FlowLens.Sandbox;
using FlowLens.Workspace;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench project</c>: warm evaluation of one candidate on a loaded test project. The project is loaded once
/// (restore and MSBuild design-time build) into the shared workspace views; then every candidate is compiled against the
/// project's own references and its selected tests run through the project's own framework. Reports the load, the first
/// (cold) candidate, the median and p90 of the warm ones, and the first candidate of a second run on the same views.
/// </summary>
internal static class BenchProjectCommand
{
    private const double GoalMs = 1000;

    public static Command Create()
    {
        var target = new Option<string?>("--target") { Description = "FILE.cs:LINE of a method in your own workspace (default: a generated NUnit project whose method has --tests tests)." };
        var testCount = new Option<int>("--tests") { Description = "Tests of the generated project's method (at most 50 selected).", DefaultValueFactory = _ => 50 };
        var candidates = new Option<int>("--candidates") { Description = "Warm candidates to time.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("project", "Benchmark warm evaluation of one candidate on a loaded test project (the load cached across candidates and runs).");
        command.Options.Add(target);
        command.Options.Add(testCount);
        command.Options.Add(candidates);
        command.Options.Add(json);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(candidates) < 1 || result.GetValue(testCount) is < 1 or > 50)
            {
                await Console.Error.WriteLineAsync("error: --candidates needs at least 1, --tests between 1 and 50.").ConfigureAwait(false);
                return 3;
            }

            DirectoryInfo? generated = null;
            try
            {
                TaskTarget task;
                if (result.GetValue(target) is { } location)
                {
                    var colon = location.LastIndexOf(':');
                    if (colon <= 0 || !int.TryParse(location[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line < 1 || !File.Exists(location[..colon]))
                    {
                        await Console.Error.WriteLineAsync($"error: expected an existing FILE.cs:LINE with a 1-based line, got '{location}'").ConfigureAwait(false);
                        return 3;
                    }

                    var file = Path.GetFullPath(location[..colon]);
                    var source = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                    if (MethodLocator.FindAt(source, EditorLines.ToRoslynLine(source, line - 1)) is not { } site)
                    {
                        await Console.Error.WriteLineAsync($"error: no method with a body at {location}").ConfigureAwait(false);
                        return 3;
                    }

                    task = new TaskTarget(file, source, site, new TaskTests.Workspace(WorkspaceRoot.Of(file)));
                }
                else
                {
                    generated = Directory.CreateTempSubdirectory("flowlens-bench-project-");
                    var project = GeneratedTestProject.Write(generated.FullName, result.GetValue(testCount));
                    var source = await File.ReadAllTextAsync(project.TargetFile, cancellationToken).ConfigureAwait(false);
                    var site = MethodLocator.FindAt(source, EditorLines.ToRoslynLine(source, project.TargetLine - 1))!;
                    task = new TaskTarget(project.TargetFile, source, site, new TaskTests.Workspace(project.Root));
                }

                var figures = await MeasureAsync(task, result.GetValue(candidates), cancellationToken).ConfigureAwait(false);
                if (figures is null)
                {
                    return 1;
                }

                if (result.GetValue(json))
                {
                    await Console.Out.WriteLineAsync(figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).ConfigureAwait(false);
                }
                else
                {
                    Render(figures);
                }

                return 0;
            }
            finally
            {
                generated?.Delete(recursive: true);
            }
        });
        return command;
    }

    private static async Task<JsonObject?> MeasureAsync(TaskTarget task, int count, CancellationToken cancellationToken)
    {
        var root = ((TaskTests.Workspace)task.Tests).WorkspaceRoot;
        var body = CurrentBodyTestRunner.CurrentBody(task.SourceText, task.Site);
        using var views = new SolutionViewCache();
        using var pool = new SandboxPool(new SandboxOptions(PoolSize: 1));

        // The load happens once: restore when needed, then MSBuild's design-time build of every project.
        var load = Stopwatch.StartNew();
        await views.GetAsync(root, cancellationToken).ConfigureAwait(false);
        var loadMs = load.Elapsed.TotalMilliseconds;

        var evaluator = new SandboxCandidateEvaluator(pool, new MSBuildProjectModel(views), new ReferenceTestSelector(views));
        var cold = await TimeAsync(evaluator, task, body, 0, cancellationToken).ConfigureAwait(false);
        if (Problem(cold.Report) is { } problem)
        {
            await Console.Error.WriteLineAsync($"error: the method's own body does not pass its tests, so there is nothing to time: {problem}").ConfigureAwait(false);
            return null;
        }

        var warm = new List<double>();
        for (var i = 1; i <= count; i++)
        {
            var candidate = await TimeAsync(evaluator, task, body, i, cancellationToken).ConfigureAwait(false);
            if (Problem(candidate.Report) is { } failed)
            {
                await Console.Error.WriteLineAsync($"error: candidate {i} did not pass: {failed}").ConfigureAwait(false);
                return null;
            }

            warm.Add(candidate.Ms);
        }

        // A second run (another Generate on the same workspace) gets a new evaluator over the same warm views.
        var again = await TimeAsync(new SandboxCandidateEvaluator(pool, new MSBuildProjectModel(views), new ReferenceTestSelector(views)), task, body, count + 1, cancellationToken).ConfigureAwait(false);
        warm.Sort();
        return new JsonObject
        {
            ["cores"] = Environment.ProcessorCount,
            ["method"] = task.Site.MethodName,
            ["selectedTests"] = cold.Report.Tests.Count,
            ["runner"] = cold.Report.Runner,
            ["candidates"] = count,
            ["loadMs"] = Math.Round(loadMs, 1),
            ["coldMs"] = Math.Round(cold.Ms, 1),
            ["warmMedianMs"] = Math.Round(Percentile(warm, 0.5), 1),
            ["warmP90Ms"] = Math.Round(Percentile(warm, 0.9), 1),
            ["warmMaxMs"] = Math.Round(warm[^1], 1),
            ["secondRunFirstMs"] = Math.Round(again.Ms, 1),
            ["goalMs"] = GoalMs,
            ["withinGoal"] = Percentile(warm, 0.5) <= GoalMs,
        };
    }

    /// <summary>Evaluates the body as candidate <paramref name="index"/>: a comment makes each candidate's text differ, as generated ones do.</summary>
    private static async Task<(EvaluationReport Report, double Ms)> TimeAsync(ICandidateEvaluator evaluator, TaskTarget task, string body, int index, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var report = await evaluator.EvaluateAsync(new EvaluationRequest(task, $"/* candidate {index} */ {body}"), cancellationToken).ConfigureAwait(false);
        return (report, watch.Elapsed.TotalMilliseconds);
    }

    private static string? Problem(EvaluationReport report) =>
        !report.Compiled ? string.Join("; ", report.Diagnostics.Take(3))
        : report.Tests.Count == 0 ? "no test ran (" + string.Join("; ", report.Diagnostics.Take(3)) + ")"
        : report.Tests.FirstOrDefault(t => t.Outcome != TestOutcome.Passed) is { } failed ? $"{failed.Name}: {failed.Outcome} {failed.Message}"
        : null;

    private static void Render(JsonObject figures)
    {
        var table = new Table().Title($"flowlens bench project ({figures["cores"]} cores, {Markup.Escape((string)figures["method"]!)}, {figures["selectedTests"]} selected tests)").AddColumns("figure", "value", "goal");
        table.AddRow("project load, once (restore if needed + MSBuild design-time build)", Ms(figures["loadMs"]), string.Empty);
        table.AddRow("first candidate, cold (new worker, first compile, framework load)", Ms(figures["coldMs"]), string.Empty);
        table.AddRow($"warm candidate median ({figures["candidates"]} candidates)", Ms(figures["warmMedianMs"]), $"<= {GoalMs:0} ms");
        table.AddRow("warm candidate p90", Ms(figures["warmP90Ms"]), string.Empty);
        table.AddRow("warm candidate max", Ms(figures["warmMaxMs"]), string.Empty);
        table.AddRow("second run's first candidate (same views, new evaluator)", Ms(figures["secondRunFirstMs"]), string.Empty);
        table.AddRow("runner", Markup.Escape((string?)figures["runner"] ?? "unknown"), string.Empty);
        AnsiConsole.Write(table);
    }

    private static string Ms(JsonNode? value) => string.Create(CultureInfo.InvariantCulture, $"{(double)value!:0.0} ms");

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
