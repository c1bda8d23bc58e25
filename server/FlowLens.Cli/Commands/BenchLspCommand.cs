using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FlowLens.LanguageServer.Benchmarks;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench lsp</c>: code-lens latency on a generated 5,000-line file with 50 tasks, incremental change
/// cost (with a full parse and with the incrementally reparsed tree), start-to-initialize time (in-process and as a
/// new <c>flowlens lsp</c> process) and memory. No model is loaded: the benchmark measures the server, not inference.
/// </summary>
internal static class BenchLspCommand
{
    public static Command Create()
    {
        var lines = new Option<int>("--lines") { Description = "Lines in the generated file.", DefaultValueFactory = _ => 5_000 };
        var tasks = new Option<int>("--tasks") { Description = "Task comments in the generated file.", DefaultValueFactory = _ => 50 };
        var requests = new Option<int>("--requests") { Description = "codeLens requests per measurement.", DefaultValueFactory = _ => 1_000 };
        var edits = new Option<int>("--edits") { Description = "Edits per didChange measurement (full parse, incremental tree, bursts).", DefaultValueFactory = _ => 200 };
        var noProcess = new Option<bool>("--no-process") { Description = "Skip starting a separate 'flowlens lsp' process." };
        var generations = new Option<int>("--generations") { Description = "Generations computing at once while codeLens is measured under load (0 skips it).", DefaultValueFactory = _ => 4 };
        var command = new Command("lsp", "Benchmark the language server: codeLens latency, didChange cost, start time, memory.");
        command.Options.Add(lines);
        command.Options.Add(tasks);
        command.Options.Add(requests);
        command.Options.Add(edits);
        command.Options.Add(noProcess);
        command.Options.Add(generations);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new LanguageServerBenchmarkOptions
            {
                Lines = result.GetValue(lines),
                Tasks = result.GetValue(tasks),
                CodeLensRequests = result.GetValue(requests),
                Edits = result.GetValue(edits),
                Process = result.GetValue(noProcess) ? null : SelfLsp(),
                ConcurrentGenerations = result.GetValue(generations),
            };
            var figures = await LanguageServerBenchmark.RunAsync(options, cancellationToken).ConfigureAwait(false);
            var table = new Table().Title($"flowlens bench lsp ({options.Lines} lines, {options.Tasks} tasks, no model)").AddColumns("figure", "value", "goal");
            foreach (var figure in figures)
            {
                var value = string.Create(CultureInfo.InvariantCulture, $"{figure.Value:0.000} {figure.Unit}");
                table.AddRow(Markup.Escape(figure.Name), value, Markup.Escape(figure.Goal is null ? string.Empty : $"{figure.Goal} {figure.Unit}"));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>This executable again with <c>lsp</c>: the apphost directly, or <c>dotnet flowlens.dll lsp</c>.</summary>
    private static ProcessStartInfo? SelfLsp()
    {
        var host = Environment.ProcessPath;
        if (host is null)
        {
            return null;
        }

        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BenchLspCommand).Assembly.Location);
        }

        start.ArgumentList.Add("lsp");
        return start;
    }
}
