namespace FlowLens.Core.Tasks;

/// <summary>
/// A task as a benchmark holds it: <paramref name="Visible"/> is everything a workflow may see (its source has no
/// grading code, and its <see cref="TaskTarget.Tests"/> are the visible tests a developer would have, such as the
/// examples in the comment), and <paramref name="Hidden"/> are the grading tests, run once after the workflow in a
/// job of their own. Nothing that composes, runs or searches a workflow is ever given <paramref name="Hidden"/>.
/// </summary>
public sealed record GradedTarget(TaskTarget Visible, TaskTests Hidden)
{
    /// <summary>The target that grades a finished body: the hidden tests only (comment examples do not grade).</summary>
    public TaskTarget ForGrading() => Visible with { Tests = Hidden, Site = Visible.Site with { Examples = [] } };
}
