namespace FlowLens.Workspace.Tests;

/// <summary>A file-based app's <c>#:package</c> set restored as <c>dotnet run app.cs</c> restores it, from the local feed.</summary>
public sealed class PackageSetRestoreTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("flowlens-package-sets-");
    private readonly DirectoryInfo _app = Directory.CreateTempSubdirectory("flowlens-app-");

    [Fact]
    public async Task A_real_package_gives_its_compile_and_runtime_assemblies_and_is_restored_once_per_set()
    {
        var options = new PackageRestoreOptions(_cache.FullName, TimeSpan.FromMinutes(3));
        var resolved = await new PackageSetRestore(options).ResolveAsync(["Newtonsoft.Json@13.0.3"], _app.FullName, CancellationToken.None);

        Assert.Null(resolved.Error);
        var compile = Assert.Single(resolved.CompileAssemblies);
        Assert.True(File.Exists(compile), compile);
        Assert.Equal("Newtonsoft.Json.dll", Path.GetFileName(compile));
        Assert.Contains($"{Path.DirectorySeparatorChar}13.0.3{Path.DirectorySeparatorChar}", compile, StringComparison.Ordinal);
        Assert.Contains(resolved.RuntimeAssemblies, r => Path.GetFileName(r) == "Newtonsoft.Json.dll" && File.Exists(r));

        // Another process asking for the same set (in another order of spelling) reads the folder the first one restored.
        var assets = Directory.EnumerateFiles(_cache.FullName, "project.assets.json", SearchOption.AllDirectories).Single();
        var written = File.GetLastWriteTimeUtc(assets);
        var again = await new PackageSetRestore(options).ResolveAsync(["newtonsoft.json@13.0.3"], _app.FullName, CancellationToken.None);
        Assert.Equal(resolved.CompileAssemblies, again.CompileAssemblies);
        Assert.Equal(written, File.GetLastWriteTimeUtc(assets));
        Assert.Single(Directory.EnumerateDirectories(_cache.FullName));
    }

    [Fact]
    public async Task A_package_that_does_not_exist_gets_one_line_naming_it()
    {
        var resolved = await new PackageSetRestore(new PackageRestoreOptions(_cache.FullName, TimeSpan.FromMinutes(3)))
            .ResolveAsync(["FlowLens.No.Such.Package.Anywhere@1.0.0"], _app.FullName, CancellationToken.None);

        Assert.NotNull(resolved.Error);
        Assert.StartsWith("#:package FlowLens.No.Such.Package.Anywhere@1.0.0 could not be restored: NU1101", resolved.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', resolved.Error);
        Assert.Empty(resolved.CompileAssemblies);
    }

    [Theory]
    [InlineData("Newtonsoft.Json")]
    [InlineData("Newtonsoft.Json@")]
    [InlineData("Bad\"Name@1.0.0")]
    public async Task A_directive_without_a_version_or_with_odd_characters_is_refused_before_any_restore(string package)
    {
        var resolved = await new PackageSetRestore(new PackageRestoreOptions(_cache.FullName)).ResolveAsync([package], _app.FullName, CancellationToken.None);

        Assert.Equal($"#:package {package}: expected Name@Version (for example Newtonsoft.Json@13.0.3)", resolved.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_cache.FullName));
    }

    public void Dispose()
    {
        _cache.Delete(recursive: true);
        _app.Delete(recursive: true);
    }
}
