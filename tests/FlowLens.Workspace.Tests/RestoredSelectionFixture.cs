namespace FlowLens.Workspace.Tests;

/// <summary>The test selection fixture of <c>tests/fixtures/workspace-model</c>, copied and restored once per test class.</summary>
public sealed class RestoredSelectionFixture : IDisposable
{
    public string Root { get; } = RestoredCopy.Of("selection", "Ledger.sln");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
