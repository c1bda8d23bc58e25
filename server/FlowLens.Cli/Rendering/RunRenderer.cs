using System.Globalization;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using Spectre.Console;

namespace FlowLens.Cli.Rendering;

/// <summary>
/// Renders a <see cref="WorkflowRun"/> as the readable report of <c>flowlens run</c> and <c>flowlens demo</c>: the
/// result and the code first (printable as soon as stage 1 ends), then the attribution table and the timings.
/// </summary>
internal static class RunRenderer
{
    public static void Render(IAnsiConsole console, WorkflowRun run, string taskDescription)
    {
        RenderResult(console, run, taskDescription);
        RenderAttribution(console, run);
    }

    /// <summary>The composition, the steps, the tests of the final code and the code itself.</summary>
    public static void RenderResult(IAnsiConsole console, WorkflowRun run, string taskDescription)
    {
        var m = run.Metrics;
        console.Write(new Rule($"[bold]FlowLens[/] {Markup.Escape(taskDescription)}").LeftJustified());
        console.MarkupLine($"Model: [bold]{Markup.Escape(run.Generator.Model ?? "none")}[/] ({Markup.Escape(run.Generator.Backend)}, {Markup.Escape(run.Generator.Device)})");
        if (run.Notice is { } notice)
        {
            console.Write(new Panel(Markup.Escape(notice)).Header("note").BorderColor(Color.Yellow));
        }

        if (m is not null)
        {
            if (m.CompositionFallback is { } fallback)
            {
                console.MarkupLine($"[yellow]Composition fell back to the prior-only composer:[/] {Markup.Escape(fallback)}");
            }

            console.MarkupLine($"Composed by [bold]{Markup.Escape(m.Composer)}[/] in {m.CompositionMilliseconds:0} ms ({m.CompositionPromptTokens} prompt + {m.CompositionOutputTokens} output tokens)");
            var weights = new Table().Title("Selection (sparse weights)").AddColumns("capability", "weight");
            foreach (var (id, w) in m.Weights.OrderByDescending(p => p.Value))
            {
                weights.AddRow(Markup.Escape(id), w.ToString("0.00", CultureInfo.InvariantCulture));
            }

            console.Write(weights);
            foreach (var note in m.CompositionRepairs.Concat(m.StitchNotes))
            {
                console.MarkupLine($"  [grey]- {Markup.Escape(note)}[/]");
            }
        }

        console.MarkupLine($"Workflow: [bold]{Markup.Escape(string.Join(" -> ", run.Steps.Select(s => s.Label)))}[/]");
        if (run.Steps.Select(s => s.Context).FirstOrDefault(c => c is not null) is { } context)
        {
            console.MarkupLine($"Workspace context: {Markup.Escape(context.Summary)}");
        }
        var steps = new Table().Title("Steps").AddColumns("step", "outcome", "ms", "model calls", "tokens", "cache");
        foreach (var s in run.Steps)
        {
            steps.AddRow(Markup.Escape(s.Label), Markup.Escape(s.Outcome ?? string.Empty), s.Milliseconds.ToString("0", CultureInfo.InvariantCulture), s.ModelCalls.ToString(CultureInfo.InvariantCulture), s.Tokens.ToString(CultureInfo.InvariantCulture), s.CacheHit ? "hit" : "miss");
        }

        console.Write(steps);
        RenderTests(console, run.FinalReport);
        console.MarkupLine("Final code:");
        console.WriteLine(run.FinalMethodBody ?? "(none)");
        if (run.FinalCandidate is { HasAdditions: true } candidate)
        {
            console.MarkupLine("Added besides the body:");
            foreach (var line in candidate.Usings.Concat(candidate.Members))
            {
                console.WriteLine(line);
            }
        }

        if (m is not null)
        {
            console.MarkupLine($"Result ready after {m.ResultMilliseconds:0} ms; attribution follows.");
        }
    }

    /// <summary>The counterfactual attribution table, the timings of both stages and the summary line.</summary>
    public static void RenderAttribution(IAnsiConsole console, WorkflowRun run)
    {
        var m = run.Metrics;
        var contributions = new Table().Title("Counterfactual attribution" + (m is null ? string.Empty : $" ({m.AttributionMethod})")).AddColumns("capability", "contribution", "score with", "score without", "±");
        foreach (var c in run.Contributions)
        {
            contributions.AddRow(Markup.Escape(c.CapabilityId), Markup.Escape(c.Label[(c.CapabilityId.Length + 1)..]), c.ScoreWith.ToString("0.00", CultureInfo.InvariantCulture), c.ScoreWithout.ToString("0.00", CultureInfo.InvariantCulture), c.Uncertainty?.ToString("0.00", CultureInfo.InvariantCulture) ?? "");
        }

        console.Write(contributions);
        if (m is not null)
        {
            var timings = new Table().Title("Timings and cost").AddColumns("what", "value");
            timings.AddRow("compose", $"{m.CompositionMilliseconds:0} ms");
            timings.AddRow("result (stage 1)", $"{m.ResultMilliseconds:0} ms from the start to the tested code");
            timings.AddRow("execute", $"{m.ExecutionMilliseconds:0} ms, {m.ModelCalls} model calls, {m.Tokens} tokens, {m.SandboxRuns} sandbox runs");
            timings.AddRow("attribute", $"{m.AttributionMilliseconds:0} ms, {m.AttributionRuns} re-runs, {m.AttributionExtraModelCalls} extra model calls, cache-hit ratio {m.AttributionCacheHitRatio:0.00}");
            timings.AddRow("total", $"{run.Duration.TotalMilliseconds:0} ms");
            timings.AddRow("reward", string.Create(CultureInfo.InvariantCulture, $"{m.Reward.Total:0.000} (pass {m.Reward.PassRate:0.00}, complexity {m.Reward.Complexity:0.00}, cost {m.Reward.Cost:0.00}, diversity {m.Reward.Diversity:0.00})"));
            console.Write(timings);
        }

        OtherTestsRenderer.Render(console, run.OtherTests);
        console.MarkupLine($"Summary: [bold]{Markup.Escape(run.Summary)}[/]");
    }

    private static void RenderTests(IAnsiConsole console, EvaluationReport? report)
    {
        if (report is null)
        {
            console.MarkupLine("[red]The workflow produced no code.[/]");
            return;
        }

        var title = report.Compiled ? $"Tests of the final code: {report.Passed}/{report.Total} passed" : $"The final code does not compile ({report.Passed}/{report.Total} passed)";
        var tests = new Table().Title(Markup.Escape(title)).AddColumns("test", "outcome", "message");
        foreach (var t in report.Tests)
        {
            tests.AddRow(Markup.Escape(t.Name), t.Outcome.ToString().ToLowerInvariant(), Markup.Escape(Shorten(t.Message)));
        }

        foreach (var e in report.Examples)
        {
            tests.AddRow(Markup.Escape($"{e.Example.Call} == {e.Example.Expected} ({e.Example.Origin})"), e.Outcome.ToString().ToLowerInvariant(), Markup.Escape(Shorten(e.Message ?? e.Observed)));
        }

        foreach (var d in report.Diagnostics.Take(3))
        {
            tests.AddRow("compiler", "error", Markup.Escape(Shorten(d)));
        }

        console.Write(tests);
    }

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 90 ? text.ReplaceLineEndings(" ") : text[..87].ReplaceLineEndings(" ") + "...";
}
