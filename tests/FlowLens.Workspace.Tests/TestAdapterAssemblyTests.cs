namespace FlowLens.Workspace.Tests;

/// <summary>
/// MSTest's adapter is no runtime asset of its package (it is copied to the output by the package's build props): the
/// project model still lists it with the runtime assemblies, so the sandbox worker can run MSTest through it.
/// </summary>
public sealed class TestAdapterAssemblyTests(RestoredMSTestFixture fixture) : IClassFixture<RestoredMSTestFixture>
{
    [Fact]
    public void The_MSTest_adapter_is_among_the_runtime_assemblies_after_the_packages_own()
    {
        var runtime = MSBuildProjectModel.RuntimeAssemblies(Path.Combine(fixture.Root, "Ledger.Tests", "obj", "project.assets.json"));

        var adapter = Assert.Single(runtime, r => Path.GetFileName(r) == "Microsoft.VisualStudio.TestPlatform.MSTest.TestAdapter.dll");
        Assert.True(File.Exists(adapter), adapter);
        Assert.Contains("3.11.1", adapter, StringComparison.Ordinal);
        var framework = runtime.ToList().FindIndex(r => Path.GetFileName(r) == "Microsoft.VisualStudio.TestPlatform.TestFramework.dll");
        Assert.InRange(framework, 0, runtime.ToList().IndexOf(adapter) - 1);

        // Build props at a package's root (analyzers' props) name no framework folder: nothing beside them is taken.
        Assert.DoesNotContain(runtime, r => r.Contains("mstest.analyzers", StringComparison.OrdinalIgnoreCase));
    }
}
