using FlowLens.Cli.Composition;
using FlowLens.Cli.Rendering;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>Runs "Generate workflow" for the task at a line of a file, with progress on stderr and the report on stdout.</summary>
internal static class TaskRunner
{
    public static async Task<int> RunAsync(string file, int line, FlowLensSettings settings, GeneratorOptions options, bool json, string? workspaceRoot, CancellationToken cancellationToken)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            // A log or a calling program reads one error per line; Spectre would wrap at 80 columns.
            error.Profile.Width = 10_000;
        }
        if (!File.Exists(file))
        {
            error.MarkupLine($"[red]error:[/] no such file: {Markup.Escape(file)}");
            return 3;
        }

        var source = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        var site = TaskLocator.FindAt(source, EditorLines.ToRoslynLine(source, line - 1));
        if (site is null)
        {
            var tasks = TaskLocator.Find(source);
            var hint = tasks.Count == 0 ? "the file has no // TASK: comment above a method" : "tasks start at line(s) " + string.Join(", ", tasks.Select(t => EditorLines.FromRoslynLine(source, t.CommentRange.Start.Line) + 1));
            error.MarkupLine($"[red]error:[/] no task at {Markup.Escape(file)}:{line}: {Markup.Escape(hint)}");
            return 3;
        }

        var root = workspaceRoot ?? WorkspaceRoot.Of(file);
        var target = new TaskTarget(Path.GetFullPath(file), source, site, new TaskTests.Workspace(root));
        var paths = ProductPaths.Discover();
        await using var generator = new LocalWorkflowGenerator(settings, paths, options);
        var description = $"{Path.GetFileName(file)}:{EditorLines.FromRoslynLine(source, site.CommentRange.Start.Line) + 1} {site.MethodName}";
        var plain = json || Console.IsErrorRedirected;
        WorkflowRun run;
        try
        {
            // Stage 1: the tested code, printed at once (unless --json asks for one document at the end).
            var staged = await WithProgressAsync(error, plain, "result", progress => generator.StartAsync(target, progress, cancellationToken)).ConfigureAwait(false);
            if (!json)
            {
                RunRenderer.RenderResult(AnsiConsole.Console, staged.Result, description);
            }

            // Stage 2: attribution, on the same memo; its table follows the code.
            run = await WithProgressAsync(error, plain, "attribution", progress => staged.AttributeAsync(progress, cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            var where = settings.Backend == "ollama" ? settings.OllamaUrl ?? "http://localhost:11434" : settings.OpenAIUrl ?? "the configured URL";
            error.MarkupLine($"[red]error:[/] could not reach the {Markup.Escape(settings.Backend)} server at {Markup.Escape(where)}: {Markup.Escape(e.Message)}. Is it running?");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }

        if (json)
        {
            await Console.Out.WriteLineAsync(RunJson.Render(run, target.FilePath)).ConfigureAwait(false);
        }
        else
        {
            RunRenderer.RenderAttribution(AnsiConsole.Console, run);
        }

        if (run.FinalReport is { Compiled: true, RanNothing: true } report)
        {
            // Nothing was verified: a run without a test or an example must not look like a result.
            error.MarkupLine($"[red]error:[/] no test and no example ran for {Markup.Escape(site.MethodName)}, so nothing was verified{(report.Runner is null ? string.Empty : " (runner: " + Markup.Escape(report.Runner) + ")")}");
            return 1;
        }

        return 0;
    }

    /// <summary>Runs one stage with a progress bar on stderr, or with plain log lines for --json and redirected stderr.</summary>
    private static async Task<T> WithProgressAsync<T>(IAnsiConsole error, bool plain, string stage, Func<IProgress<WorkflowProgress>, Task<T>> work)
    {
        if (plain)
        {
            return await work(new InlineProgressToLog(error)).ConfigureAwait(false);
        }

        return await error.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(stage, maxValue: 100);
                var progress = new Core.InlineProgress<WorkflowProgress>(p =>
                {
                    bar.Value = p.Percent;
                    bar.Description = Markup.Escape(p.Step.Length > 60 ? p.Step[..57] + "..." : p.Step);
                });
                return await work(progress).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>Progress as plain log lines, for --json and redirected stderr.</summary>
    private sealed class InlineProgressToLog(IAnsiConsole console) : IProgress<WorkflowProgress>
    {
        public void Report(WorkflowProgress value) => console.WriteLine($"[{value.Percent,3}%] {value.Step}");
    }
}
