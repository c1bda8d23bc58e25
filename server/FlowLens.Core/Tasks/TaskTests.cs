namespace FlowLens.Core.Tasks;

/// <summary>How a task's candidate is tested.</summary>
public abstract record TaskTests
{
    private TaskTests()
    {
    }

    /// <summary>
    /// Whether the workspace test file at <paramref name="filePath"/> may be shown to the model as an example. A
    /// benchmark's tests are hidden: showing them would hand the model the answer key.
    /// </summary>
    public abstract bool MayShowTestFile(string filePath);

    /// <summary>The xunit tests of the workspace rooted at <paramref name="WorkspaceRoot"/> that reference the target method.</summary>
    /// <param name="WorkspaceRoot">The folder whose projects hold the method and its tests.</param>
    /// <param name="HiddenTestFiles">Test files that score the task but must never be shown to the model.</param>
    public sealed record Workspace(string WorkspaceRoot, IReadOnlySet<string>? HiddenTestFiles = null) : TaskTests
    {
        public override bool MayShowTestFile(string filePath) =>
            HiddenTestFiles is null || !HiddenTestFiles.Contains(Path.GetFullPath(filePath));
    }

    /// <summary>
    /// Program style (MultiPL-E): <paramref name="TestsSource"/> is the rest of the target's class, a <c>Main</c>
    /// with <c>Debug.Assert</c> calls, appended after the completed method.
    /// </summary>
    public sealed record Program(string TestsSource) : TaskTests
    {
        /// <summary>A benchmark task: its tests are the hidden answer key, and no workspace test is its example.</summary>
        public override bool MayShowTestFile(string filePath) => false;
    }

    /// <summary>No tests beyond the examples in the task comment.</summary>
    public sealed record None : TaskTests
    {
        public override bool MayShowTestFile(string filePath) => true;
    }
}
