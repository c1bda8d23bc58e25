namespace FlowLens.Workspace.Tests;

/// <summary>The NUnit fixture of <c>tests/fixtures/workspace-model</c>, copied to a temporary folder and restored once per test class.</summary>
public sealed class RestoredNunitFixture : IDisposable
{
    public string Root { get; } = RestoredCopy.Of("nunit", "Shapes.sln");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
