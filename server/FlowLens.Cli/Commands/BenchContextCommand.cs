using System.CommandLine;
using System.Globalization;
using FlowLens.Core.Context;
using FlowLens.Workspace.Benchmarks;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench context</c>: how long assembling a task's workspace context takes in a loaded solution of
/// generated projects (medians from one run). No model is loaded.
/// </summary>
internal static class BenchContextCommand
{
    public static Command Create()
    {
        var projects = new Option<int>("--projects") { Description = "Library projects in the generated solution (plus one test project per ten).", DefaultValueFactory = _ => 50 };
        var types = new Option<int>("--types") { Description = "Files (a record, a class, an extension class) per project.", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs") { Description = "Assemblies per measurement.", DefaultValueFactory = _ => 30 };
        var tokens = new Option<int>("--context-tokens") { Description = "The context budget in tokens.", DefaultValueFactory = _ => 3276 };
        var command = new Command("context", "Benchmark workspace context assembly on a generated multi-project solution.");
        command.Options.Add(projects);
        command.Options.Add(types);
        command.Options.Add(runs);
        command.Options.Add(tokens);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(projects) < 2 || result.GetValue(runs) < 1 || result.GetValue(tokens) < 1)
            {
                await Console.Error.WriteLineAsync("error: --projects needs at least 2, --runs and --context-tokens at least 1.").ConfigureAwait(false);
                return 3;
            }

            var figures = await ContextBenchmark.RunAsync(result.GetValue(projects), result.GetValue(types), result.GetValue(runs), new ContextBudget(result.GetValue(tokens)), cancellationToken).ConfigureAwait(false);
            var table = new Table().Title($"flowlens bench context ({figures.Projects} projects, {figures.Documents} documents, no model)").AddColumns("figure", "value", "goal");
            table.AddRow("build the solution in memory", Ms(figures.BuildSolutionMs), string.Empty);
            table.AddRow("first assembly (compilations on demand)", Ms(figures.FirstAssemblyMs), string.Empty);
            table.AddRow("assembly in the loaded solution p50", Ms(figures.WarmP50Ms), "<= 50 ms");
            table.AddRow("assembly in the loaded solution p90", Ms(figures.WarmP90Ms), string.Empty);
            table.AddRow("edit the task's file, then assemble p50", Ms(figures.EditThenAssembleP50Ms), string.Empty);
            table.AddRow("context assembled", Markup.Escape(figures.Context.Summary), string.Empty);
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static string Ms(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.0} ms");
}
