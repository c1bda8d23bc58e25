using System.Globalization;
using System.Text;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Rendering;

/// <summary>The "Run its tests" result: a summary line naming the runner, and a details document with each test's outcome.</summary>
internal static class TestRunRenderer
{
    public static TestRunResult Render(TaskSite site, EvaluationReport report)
    {
        var summary = report.RanNothing
            ? $"{site.MethodName}: no test ran, nothing was verified"
            : string.Create(CultureInfo.InvariantCulture, $"{site.MethodName}: {report.Passed}/{report.Total} tests passed");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Tests of `{site.MethodName}`\n\n");
        text.Append(CultureInfo.InvariantCulture, $"**Runner:** {report.Runner ?? "unknown"}\n\n");
        CapabilityDetailsRenderer.AppendReport(text, "Tests of the method as it stands", report);
        var notes = report.Compiled ? report.Diagnostics : [];
        if (notes.Count > 0)
        {
            text.Append("## Notes\n\n");
            foreach (var note in notes)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {note.ReplaceLineEndings(" ")}\n");
            }
        }

        return new TestRunResult($"tests: {site.MethodName}", text.ToString(), summary + (report.Runner is { } runner ? $" ({runner})" : string.Empty), report.Passed, report.Total, report.Runner);
    }
}
