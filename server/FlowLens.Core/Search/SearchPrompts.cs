using System.Globalization;
using System.Text;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;

namespace FlowLens.Core.Search;

/// <summary>
/// The meta-agent's prompts for the search modes. Every answer is a selection in the one-pass schema; the prompt
/// says what the selection means this time (a whole workflow, the next step, a completion, one edit, a fix).
/// Feedback in these prompts is validation feedback only.
/// </summary>
public static class SearchPrompts
{
    public const string FixInstruction = "Fix the root cause, do not catch it.";

    private const string AnswerLine = "Answer with the JSON object only.";

    /// <summary>A workflow as one line: <c>draft(n=3, temperature=0.8) -&gt; repair(rounds=1)</c>.</summary>
    public static string Describe(IReadOnlyList<SelectedCapability> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            return "(empty)";
        }

        return string.Join(" -> ", steps.Select(s => s.Parameters.Count == 0
            ? s.Id
            : s.Id + "(" + string.Join(", ", s.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:0.##}"))) + ")"));
    }

    /// <summary>An order-insensitive key: the stitcher orders steps by their types, so these workflows run alike.</summary>
    public static string Key(IReadOnlyList<SelectedCapability> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return Describe(steps.GroupBy(s => s.Id, StringComparer.Ordinal).Select(g => g.First()).OrderBy(s => s.Id, StringComparer.Ordinal).ToList());
    }

    public static string Initial(CapabilityLibrary library, SearchProblem problem, double threshold) =>
        Header(library, problem, threshold) + "\n\nPropose a complete workflow. Answer with the JSON object only.";

    public static string Revise(CapabilityLibrary library, SearchProblem problem, double threshold, IReadOnlyList<ScoredWorkflow> history, ScoredWorkflow best)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(best);
        var text = new StringBuilder(Header(library, problem, threshold));
        text.AppendLine().AppendLine().AppendLine("## Workflows tried so far (validation results)");
        foreach (var (item, i) in history.Select((h, i) => (h, i)).TakeLast(6))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{i + 1}. {item.Label}: pass rate {item.Score.Reward:0.00}");
        }

        var last = history[^1];
        text.AppendLine().AppendLine("## Feedback on the last workflow").AppendLine(Trim(last.Score.Error ?? last.Score.Feedback));
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The best so far is {best.Label} ({best.Score.Reward:0.00}).");
        text.Append("Propose a revised complete workflow that addresses the failures above. Answer with the JSON object only.");
        return text.ToString();
    }

    public static string NextStep(CapabilityLibrary library, SearchProblem problem, double threshold, IReadOnlyList<SelectedCapability> prefix) =>
        Header(library, problem, threshold)
        + $"\n\n## Partial workflow so far\n{Describe(prefix)}\n\nPropose the NEXT step only: list the one capability to add next first, with its parameters. Answer with the JSON object only.";

    public static string Complete(CapabilityLibrary library, SearchProblem problem, double threshold, IReadOnlyList<SelectedCapability> prefix) =>
        Header(library, problem, threshold)
        + $"\n\n## Partial workflow (these steps stay)\n{Describe(prefix)}\n\nComplete it: select the further capabilities the workflow needs (the partial steps are kept as they are). Answer with the JSON object only.";

    public static string Edit(CapabilityLibrary library, SearchProblem problem, double threshold, ScoredWorkflow parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return Header(library, problem, threshold)
            + string.Create(CultureInfo.InvariantCulture, $"\n\n## Workflow\n{parent.Label}: validation pass rate {parent.Score.Reward:0.00}\n\n## Feedback\n{Trim(parent.Score.Error ?? parent.Score.Feedback)}\n\n")
            + "Make ONE consequential edit (add, remove or re-parameterise one capability) and answer with the whole edited workflow. Answer with the JSON object only.";
    }

    public static string Fix(CapabilityLibrary library, SearchProblem problem, double threshold, IReadOnlyList<SelectedCapability> steps, string error) =>
        Header(library, problem, threshold)
        + $"\n\n## Workflow that failed to run\n{Describe(steps)}\n\n## Error\n{Trim(error)}\n\n{FixInstruction} Answer with the whole corrected workflow as the JSON object only.";

    private static string Header(CapabilityLibrary library, SearchProblem problem, double threshold)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.MetaAgentPrompt is { } prompt)
        {
            // The one-pass template ends by asking for the answer; each search prompt adds its own request after it.
            var body = prompt.TrimEnd();
            return body.EndsWith(AnswerLine, StringComparison.Ordinal) ? body[..^AnswerLine.Length].TrimEnd() : body;
        }

        return "You compose workflows for C# coding tasks from a library of capabilities. List the few capabilities to run under \"steps\", "
            + string.Create(CultureInfo.InvariantCulture, $"at most {ComposerOptions.DefaultMaxCapabilities} (older answers gave each a weight; {threshold:0.0#} or more ran). Pick parameters inside their ranges; missing tool steps are inserted for you.\n\n")
            + "## Tasks\n" + Trim(problem.Description) + "\n\n## Library\n" + string.Join("\n", library.Capabilities.Select(c => c.CatalogueLine()));
    }

    private static string Trim(string text) => text.Length <= 1500 ? text : text[..1500] + "\n...";
}
