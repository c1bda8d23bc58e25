namespace FlowLens.Workspace.Tests;

/// <summary>The MSTest fixture of <c>tests/fixtures/workspace-model</c>, copied to a temporary folder and restored once per test class.</summary>
public sealed class RestoredMSTestFixture : IDisposable
{
    public string Root { get; } = RestoredCopy.Of("mstest", "Ledger.sln");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
