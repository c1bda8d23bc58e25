namespace FlowLens.Workspace.Tests;

public sealed class MSBuildProjectModelTests(RestoredNunitFixture fixture) : IClassFixture<RestoredNunitFixture>
{
    [Fact]
    public async Task The_library_is_evaluated_as_MSBuild_evaluates_it()
    {
        using var views = new SolutionViewCache();
        var model = await new MSBuildProjectModel(views).EvaluateAsync(fixture.Root, CancellationToken.None);
        var shapes = model.Projects.Single(p => p.Name == "Shapes");

        Assert.Contains("NET6_0_OR_GREATER", shapes.PreprocessorSymbols);
        Assert.Contains("NET10_0", shapes.PreprocessorSymbols);
        Assert.True(shapes.Nullable);
        Assert.Null(shapes.TestFramework);
        Assert.Contains(shapes.Documents, d => d.EndsWith("Rounding.cs", StringComparison.Ordinal));

        // Implicit usings and InternalsVisibleTo arrive as the files the SDK generates.
        var generated = shapes.Documents.Where(d => d.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Select(File.ReadAllText).ToList();
        Assert.Contains(generated, text => text.Contains("global using System.Linq;", StringComparison.Ordinal) || text.Contains("global using global::System.Linq;", StringComparison.Ordinal));
        Assert.Contains(generated, text => text.Contains("InternalsVisibleTo(\"Shapes.Tests\")", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_test_project_has_the_restore_s_compile_and_runtime_assemblies_and_its_framework()
    {
        using var views = new SolutionViewCache();
        var model = await new MSBuildProjectModel(views).EvaluateAsync(fixture.Root, CancellationToken.None);
        var tests = model.Projects.Single(p => p.Name == "Shapes.Tests");

        Assert.Equal("nunit", tests.TestFramework);
        Assert.Contains(tests.MetadataReferences, r => Path.GetFileName(r) == "nunit.framework.dll" && r.Contains("4.2.2", StringComparison.Ordinal));
        Assert.Contains(tests.MetadataReferences, r => Path.GetFileName(r) == "System.Runtime.dll");
        var runtime = Assert.Single(tests.RuntimeAssemblies, r => Path.GetFileName(r) == "nunit.framework.dll");
        Assert.True(File.Exists(runtime), runtime);
        Assert.Contains(tests.AnalyzerReferences, a => a.Contains("nunit.analyzers", StringComparison.OrdinalIgnoreCase) || a.Contains("Microsoft.CodeAnalysis.CSharp.NetAnalyzers", StringComparison.Ordinal));
        Assert.Equal(Path.Combine(fixture.Root, "Shapes", "Shapes.csproj"), Assert.Single(tests.ProjectReferences));
    }

    [Fact]
    public async Task One_view_per_root_is_shared_until_a_project_file_changes()
    {
        using var views = new SolutionViewCache();
        var first = await views.GetAsync(fixture.Root, CancellationToken.None);
        var again = await views.GetAsync(fixture.Root + Path.DirectorySeparatorChar, CancellationToken.None);
        Assert.Same(first, again);

        var project = Path.Combine(fixture.Root, "Shapes", "Shapes.csproj");
        File.SetLastWriteTimeUtc(project, DateTime.UnixEpoch.AddDays(1));
        var reloaded = await views.GetAsync(fixture.Root, CancellationToken.None);
        Assert.NotSame(first, reloaded);
    }
}
