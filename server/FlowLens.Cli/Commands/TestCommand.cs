using System.CommandLine;
using System.Globalization;
using FlowLens.Cli.Composition;
using FlowLens.Cli.Rendering;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using FlowLens.Sandbox;
using FlowLens.Workspace;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens test FILE.cs:LINE</c>: runs, in the sandbox, the workspace tests that exercise the method at that line as
/// it stands (no model), then (unless <c>--other-tests skip</c>) the rest of the test projects' tests, reported apart;
/// the exit code speaks of the method's own tests. Exit 0: tests ran and all passed; 1: a test failed, the code does not compile, or no test ran;
/// 2: the policy rejected the method; 3: usage error.
/// </summary>
internal static class TestCommand
{
    private const int UsageError = 3;

    public static Command Create()
    {
        var location = new Argument<string>("FILE.cs:LINE") { Description = "The file and a 1-based line of the method whose tests to run." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("test", "Run the workspace tests that exercise the method at FILE.cs:LINE, as it stands, in the sandbox.");
        command.Arguments.Add(location);
        var otherTests = OtherTestsOption.Create();
        command.Options.Add(json);
        command.Options.Add(otherTests);
        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetValue(location)!;
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line < 1)
            {
                await Console.Error.WriteLineAsync($"error: expected FILE.cs:LINE with a 1-based line, got '{text}'").ConfigureAwait(false);
                return UsageError;
            }

            var file = text[..colon];
            if (!File.Exists(file))
            {
                await Console.Error.WriteLineAsync($"error: no such file: {file}").ConfigureAwait(false);
                return UsageError;
            }

            var source = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            var site = MethodLocator.FindAt(source, EditorLines.ToRoslynLine(source, line - 1));
            if (site is null)
            {
                await Console.Error.WriteLineAsync($"error: no method with a body at {file}:{line}").ConfigureAwait(false);
                return UsageError;
            }

            var target = new TaskTarget(Path.GetFullPath(file), source, site, new TaskTests.Workspace(WorkspaceRoot.Of(file)));
            using var pool = new SandboxPool(new SandboxOptions(PoolSize: 1));
            using var views = new SolutionViewCache();
            var evaluator = new SandboxCandidateEvaluator(pool, new MSBuildProjectModel(views), new ReferenceTestSelector(views), new PackageSetRestore());
            var report = await new CurrentBodyTestRunner(evaluator).RunAsync(target, cancellationToken).ConfigureAwait(false);
            var others = result.GetValue(otherTests) == "run"
                ? await OtherTestsReport.RunAsync(evaluator, target, CandidateEdit.OfBody(CurrentBodyTestRunner.CurrentBody(source, site)), report, cancellationToken).ConfigureAwait(false)
                : null;
            if (result.GetValue(json))
            {
                await Console.Out.WriteLineAsync(TestJson.Render(report, target.FilePath, site.MethodName, others)).ConfigureAwait(false);
            }
            else
            {
                Render(report, site.MethodName);
                OtherTestsRenderer.Render(AnsiConsole.Console, others);
            }

            return report.Rejected.Count > 0 ? 2 : report.Compiled && report.Crash is null && report.Tests.Count > 0 && report.Tests.All(t => t.Outcome == TestOutcome.Passed) ? 0 : 1;
        });
        return command;
    }

    private static void Render(EvaluationReport report, string method)
    {
        foreach (var violation in report.Rejected)
        {
            AnsiConsole.MarkupLine($"[red]rejected[/] {Markup.Escape(violation.Symbol)} (line {violation.Line}): {Markup.Escape(violation.Reason)}");
        }

        foreach (var test in report.Tests)
        {
            var mark = test.Outcome == TestOutcome.Passed ? "[green]passed[/]" : $"[red]{test.Outcome.ToString().ToLowerInvariant()}[/]";
            AnsiConsole.MarkupLine($"{mark} {Markup.Escape(test.Name)}{(test.Message is null ? string.Empty : ": " + Markup.Escape(test.Message.ReplaceLineEndings(" ")))}");
        }

        foreach (var diagnostic in report.Diagnostics)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(diagnostic)}[/]");
        }

        AnsiConsole.MarkupLine($"runner: {Markup.Escape(report.Runner ?? "unknown")}");
        AnsiConsole.MarkupLine(report.Tests.Count == 0
            ? $"[red]no test ran[/] for {Markup.Escape(method)}: nothing was verified"
            : $"{report.Tests.Count(t => t.Outcome == TestOutcome.Passed)}/{report.Tests.Count} tests of {Markup.Escape(method)} passed");
    }
}
