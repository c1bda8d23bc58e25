namespace FlowLens.Workspace.Tests;

/// <summary>The MSTest 2 fixture of <c>tests/fixtures/frameworks</c>, copied to a temporary folder and restored once per test class.</summary>
public sealed class RestoredMSTest2Fixture : IDisposable
{
    public string Root { get; } = RestoredCopy.Of("frameworks", "mstest2", Path.Combine("Shop.Tests", "Shop.Tests.csproj"));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
