using System.Globalization;
using System.Text;
using FlowLens.Core.Context;
using FlowLens.Core.Attribution;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Rendering;

/// <summary>
/// The markdown behind a capability lens: what the step was asked, what it answered, and the tests with and
/// without it, so the user can see why the contribution is what it is.
/// </summary>
internal static class CapabilityDetailsRenderer
{
    public static CapabilityDetailsResult Render(TaskSite site, WorkflowRun run, CapabilityContribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        return Render(site, run, contribution.CapabilityId, contribution, null);
    }

    /// <summary>
    /// The details of <paramref name="capability"/>; without a contribution (attribution still running, cancelled or
    /// dropped) <paramref name="pending"/> says why, and the steps and the result's tests and diagnostics are shown all the same.
    /// </summary>
    public static CapabilityDetailsResult Render(TaskSite site, WorkflowRun run, string capability, CapabilityContribution? contribution, string? pending)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {contribution?.Label ?? pending ?? capability}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"**Task** (`{site.MethodName}`): {site.TaskText}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"**Workflow:** {run.Summary}\n\n");
        if (contribution is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Contribution of `{capability}`: _{pending ?? "not attributed"}_");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Score with `{capability}`: {contribution.ScoreWith:0.00} · without: {contribution.ScoreWithout:0.00} · contribution: {Signed(contribution.Delta)}");
            if (contribution.Uncertainty is { } uncertainty)
            {
                text.Append(CultureInfo.InvariantCulture, $" (± {uncertainty:0.00})");
            }
        }

        text.Append("\n\n");
        if (run.Metrics?.AttributionMethod is { Length: > 0 } method)
        {
            text.Append(CultureInfo.InvariantCulture, $"**Attribution:** {CounterfactualAttribution.Describe(method)}.\n\n");
        }

        var steps = run.Steps.Where(s => s.CapabilityId == capability).ToList();
        if (steps.Count == 0)
        {
            text.Append("_No step of this capability ran._\n\n");
        }

        foreach (var step in steps)
        {
            AppendStep(text, step);
        }

        AppendAdditions(text, run.FinalCandidate);
        AppendReport(text, $"Tests with `{capability}`", run.FinalReport);
        if (contribution is not null)
        {
            AppendReport(text, $"Tests without `{capability}`", contribution.ReportWithout);
        }

        return new CapabilityDetailsResult($"{capability}: {site.MethodName}", text.ToString());
    }

    private static void AppendStep(StringBuilder text, WorkflowRunStep step)
    {
        text.Append(CultureInfo.InvariantCulture, $"## Step `{step.StepId}`: {step.Label}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{step.Milliseconds:0} ms · {step.ModelCalls} model call{(step.ModelCalls == 1 ? string.Empty : "s")} · {step.Tokens} tokens");
        if (step.CacheHit)
        {
            text.Append(" · cache hit");
        }

        if (step.Outcome is { Length: > 0 } outcome)
        {
            text.Append(CultureInfo.InvariantCulture, $" · {outcome}");
        }

        text.Append("\n\n");
        AppendContext(text, step.Context);
        AppendBlock(text, "Prompt", step.Prompt, "text");
        AppendBlock(text, "Output", step.Output, "csharp");
    }

    /// <summary>What the result adds besides the body, so the user is not surprised by new members or usings in the file.</summary>
    private static void AppendAdditions(StringBuilder text, CandidateEdit? candidate)
    {
        if (candidate is not { HasAdditions: true })
        {
            return;
        }

        text.Append("## Added besides the body\n\n");
        if (candidate.Usings.Count > 0)
        {
            AppendBlock(text, "Usings added to the file", string.Join("\n", candidate.Usings), "csharp");
        }

        if (candidate.Members.Count > 0)
        {
            AppendBlock(text, "Members added to the type", string.Join("\n\n", candidate.Members), "csharp");
        }
    }

    /// <summary>What workspace context the step's prompt carried, and what was left out to stay within the budget.</summary>
    private static void AppendContext(StringBuilder text, TaskContext? context)
    {
        if (context is null)
        {
            return;
        }

        text.Append("### Workspace context\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{context.Summary}; counted with {context.Counter}.\n\n");
        foreach (var item in context.Included)
        {
            text.Append(CultureInfo.InvariantCulture, $"- shown: {item.Title} ({item.Tokens} tokens)\n");
        }

        foreach (var item in context.Cut)
        {
            text.Append(CultureInfo.InvariantCulture, $"- cut for the budget: {item.Title} ({item.Tokens} tokens)\n");
        }

        foreach (var note in context.Notes)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {note}\n");
        }

        text.Append('\n');
    }

    private static void AppendBlock(StringBuilder text, string heading, string? content, string language)
    {
        text.Append(CultureInfo.InvariantCulture, $"### {heading}\n\n");
        if (string.IsNullOrEmpty(content))
        {
            text.Append("_none_\n\n");
            return;
        }

        // A fence longer than any backtick run inside keeps model output from closing the block early.
        var fence = new string('`', Math.Max(3, LongestBacktickRun(content) + 1));
        text.Append(CultureInfo.InvariantCulture, $"{fence}{language}\n{content.TrimEnd('\n')}\n{fence}\n\n");
    }

    internal static void AppendReport(StringBuilder text, string heading, EvaluationReport? report)
    {
        if (report is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"## {heading}\n\n_not evaluated_\n\n");
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"## {heading} ({report.Passed}/{report.Total})\n\n");
        if (!report.Compiled)
        {
            text.Append("Did not compile:\n\n");
            foreach (var diagnostic in report.Diagnostics)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {Cell(diagnostic)}\n");
            }

            text.Append('\n');
        }

        foreach (var violation in report.Rejected)
        {
            text.Append(CultureInfo.InvariantCulture, $"- Rejected `{violation.Symbol}` (line {violation.Line}): {Cell(violation.Reason)}\n");
        }

        if (report.Crash is { Length: > 0 } crash)
        {
            text.Append(CultureInfo.InvariantCulture, $"- Crashed: {Cell(crash)}\n\n");
        }

        var examples = report.Examples.Where(e => e.Example.Origin == ExampleOrigin.TaskComment).ToList();
        if (report.Tests.Count == 0 && examples.Count == 0)
        {
            text.Append("_no tests_\n\n");
            return;
        }

        text.Append("| Test | Outcome | Message |\n|---|---|---|\n");
        foreach (var test in report.Tests)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Cell(test.Name)} | {Outcome(test.Outcome)} | {Cell(test.Message)} |\n");
        }

        foreach (var example in examples)
        {
            var name = example.Example.Expected is null ? example.Example.Call : $"{example.Example.Call} == {example.Example.Expected}";
            var message = example.Message ?? (example.Observed is null ? null : $"got {example.Observed}");
            text.Append(CultureInfo.InvariantCulture, $"| {Cell(name)} | {Outcome(example.Outcome)} | {Cell(message)} |\n");
        }

        text.Append('\n');
    }

    private static string Outcome(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => "failed",
        TestOutcome.Error => "error",
        TestOutcome.Timeout => "timeout",
        _ => outcome.ToString(),
    };

    private static string Signed(double value) => string.Create(CultureInfo.InvariantCulture, $"{(value < 0 ? "-" : "+")}{Math.Abs(value):0.00}");

    /// <summary>Table cells are one line and must not contain a bare pipe.</summary>
    private static string Cell(string? value) =>
        value is null ? string.Empty : value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    private static int LongestBacktickRun(string content)
    {
        int longest = 0, current = 0;
        foreach (var c in content)
        {
            current = c == '`' ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }
}
