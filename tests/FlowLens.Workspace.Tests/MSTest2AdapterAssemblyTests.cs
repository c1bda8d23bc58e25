namespace FlowLens.Workspace.Tests;

/// <summary>MSTest 2 keeps its adapter in the package's <c>build/_common</c> folder, beside the framework's build folder: the project model lists it too.</summary>
public sealed class MSTest2AdapterAssemblyTests(RestoredMSTest2Fixture fixture) : IClassFixture<RestoredMSTest2Fixture>
{
    [Fact]
    public void The_MSTest_2_adapter_from_the_common_build_folder_is_among_the_runtime_assemblies()
    {
        var runtime = MSBuildProjectModel.RuntimeAssemblies(Path.Combine(fixture.Root, "Shop.Tests", "obj", "project.assets.json"));

        var adapter = Assert.Single(runtime, r => Path.GetFileName(r) == "Microsoft.VisualStudio.TestPlatform.MSTest.TestAdapter.dll");
        Assert.True(File.Exists(adapter), adapter);
        Assert.Contains(Path.Combine("2.2.10", "build", "_common"), adapter, StringComparison.Ordinal);
        Assert.Contains(runtime, r => Path.GetFileName(r) == "Microsoft.VisualStudio.TestPlatform.MSTestAdapter.PlatformServices.dll");

        // The framework's own runtime asset comes first, so it wins over the copy the adapter carries.
        var framework = runtime.ToList().FindIndex(r => Path.GetFileName(r) == "Microsoft.VisualStudio.TestPlatform.TestFramework.dll");
        Assert.Contains($"{Path.DirectorySeparatorChar}lib{Path.DirectorySeparatorChar}", runtime[framework], StringComparison.Ordinal);
    }
}
