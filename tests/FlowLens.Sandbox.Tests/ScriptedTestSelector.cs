using FlowLens.Core.Projects;
using FlowLens.Core.Tasks;

namespace FlowLens.Sandbox.Tests;

/// <summary>An <see cref="ITestSelector"/> that answers what it was given, as a workspace view would.</summary>
internal sealed class ScriptedTestSelector(TestSelection? selection) : ITestSelector
{
    public Task<TestSelection?> SelectAsync(string workspaceRoot, string filePath, string methodName, TextPosition bodyStart, CancellationToken cancellationToken) =>
        Task.FromResult(selection);
}
