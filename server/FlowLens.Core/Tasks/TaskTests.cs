namespace FlowLens.Core.Tasks;

/// <summary>How a task's candidate is tested.</summary>
public abstract record TaskTests
{
    private TaskTests()
    {
    }

    /// <summary>The xunit tests of the workspace rooted at <paramref name="WorkspaceRoot"/> that reference the target method.</summary>
    public sealed record Workspace(string WorkspaceRoot) : TaskTests;

    /// <summary>
    /// Program style (MultiPL-E): <paramref name="TestsSource"/> is the rest of the target's class, a <c>Main</c>
    /// with <c>Debug.Assert</c> calls, appended after the completed method.
    /// </summary>
    public sealed record Program(string TestsSource) : TaskTests;

    /// <summary>No tests beyond the examples in the task comment.</summary>
    public sealed record None : TaskTests;
}
