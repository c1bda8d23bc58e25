using FlowLens.Core.Tasks;

namespace FlowLens.Core.Projects;

/// <summary>
/// Chooses the tests that exercise a method from a semantic view of its workspace (references from test code, through
/// test helpers), so a candidate is checked by the tests that matter and not by tests that only mention its name.
/// </summary>
public interface ITestSelector
{
    /// <summary>
    /// The test methods that reach the method named <paramref name="methodName"/> whose body starts at
    /// <paramref name="bodyStart"/> in <paramref name="filePath"/>, or null when no view of the workspace can say (the
    /// caller then falls back to its own selection). An empty selection means the view found no test that reaches it.
    /// </summary>
    Task<TestSelection?> SelectAsync(string workspaceRoot, string filePath, string methodName, TextPosition bodyStart, CancellationToken cancellationToken);
}
