using FlowLens.Core.Tasks;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Core.Evaluation;

/// <summary>
/// An <see cref="IMethodTestRunner"/> over any <see cref="ICandidateEvaluator"/>: the method's own body is the
/// candidate, so its tests run exactly as they would for a generated one (same selection, runner and report).
/// </summary>
public sealed class CurrentBodyTestRunner(ICandidateEvaluator evaluator) : IMethodTestRunner
{
    public Task<EvaluationReport> RunAsync(TaskTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return evaluator.EvaluateAsync(new EvaluationRequest(target, CurrentBody(target.SourceText, target.Site)), cancellationToken);
    }

    /// <summary>The text of the method's body (braces or expression body included) as it stands in <paramref name="source"/>.</summary>
    public static string CurrentBody(string source, TaskSite site)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(site);
        var lines = SourceText.From(source).Lines;
        var start = lines.GetPosition(new LinePosition(site.BodyRange.Start.Line, site.BodyRange.Start.Character));
        var end = lines.GetPosition(new LinePosition(site.BodyRange.End.Line, site.BodyRange.End.Character));
        return source[start..end];
    }
}
