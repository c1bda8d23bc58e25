using FlowLens.Core.Evaluation;
using Spectre.Console;

namespace FlowLens.Cli.Rendering;

/// <summary>The rest of the test projects' tests as text: the count, then each test that did not pass.</summary>
internal static class OtherTestsRenderer
{
    public static void Render(IAnsiConsole console, OtherTestsReport? others)
    {
        if (others is null)
        {
            return;
        }

        if (others.Problem is not null)
        {
            console.MarkupLine($"[yellow]other tests: {Markup.Escape(others.Problem)}[/]");
        }

        foreach (var test in others.Tests.Where(t => t.Outcome != TestOutcome.Passed))
        {
            console.MarkupLine($"[red]{test.Outcome.ToString().ToLowerInvariant()}[/] {Markup.Escape(test.Name)}{(test.Message is null ? string.Empty : ": " + Markup.Escape(test.Message.ReplaceLineEndings(" ")))}");
        }

        console.MarkupLine($"other tests of the test projects: {others.Passed}/{others.Tests.Count} passed");
    }
}
