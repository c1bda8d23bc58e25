namespace FlowLens.Sandbox.Tests;

/// <summary>Tests that run candidates share one pool and run one class at a time (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
