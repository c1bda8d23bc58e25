namespace FlowLens.Core.Tasks;

/// <summary>
/// Everything a workflow needs to know about one task: the comment, the method to fill in, the file it lives in,
/// and how candidates are tested.
/// Everything here is visible: a workflow may show the source, the tests and their failures to a model. Grading tests
/// that a workflow must not see are never put in a target a workflow gets (see <see cref="GradedTarget"/>).
/// </summary>
/// <param name="FilePath">Absolute path of the file holding the target method.</param>
/// <param name="SourceText">The file's current text (possibly unsaved editor contents).</param>
/// <param name="Site">Where the task comment and the method are in <paramref name="SourceText"/>.</param>
/// <param name="Tests">How candidates are tested: the visible tests, which workflows run and learn from.</param>
public sealed record TaskTarget(string FilePath, string SourceText, TaskSite Site, TaskTests Tests)
{
    /// <summary>A stable id for the task, used by memoisation and the replay buffer.</summary>
    public string Id => $"{Path.GetFileName(FilePath)}:{Site.MethodName}";
}
