using FlowLens.Sandbox.Jobs;

namespace FlowLens.Sandbox.Tests;

/// <summary>What the sandbox reads from a project and the Directory.Build files around it, as MSBuild would.</summary>
public sealed class ProjectFileTests
{
    private static readonly string BuildFiles = Path.Combine(Paths.Fixtures, "sandbox", "build-files");

    [Theory]
    [InlineData("Words/Words.csproj", """
        assembly: Words
        implicit usings: True
        nullable: True
        usings: global::System.Text
        define: WORDS_FEATURE
        compile: -Scratch/** +../Shared/**/*.cs
        default compile items: True
        unread conditions: 
        """)]
    [InlineData("Words.Tests/Words.Tests.csproj", """
        assembly: Words.Tests
        implicit usings: True
        nullable: True
        usings: global::System.Text, global::Xunit
        define: WORDS_FEATURE
        compile: 
        default compile items: True
        unread conditions: 
        """)]
    public void Check(string project, string expected) =>
        Assert.Equal(expected.ReplaceLineEndings("\n"), Render(ProjectFile.Read(Path.Combine(BuildFiles, project))));

    [Fact]
    public void Conditions_it_cannot_read_are_taken_as_true_and_listed()
    {
        using var folder = new TempFolder();
        var path = folder.Write("P/P.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup Condition="'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'">
                <DefineConstants>READ</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="$(TargetFramework.StartsWith('net'))">
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup Condition="!Exists('nowhere.txt')">
                <Using Include="System.Numerics" />
              </ItemGroup>
              <ItemGroup Condition="Exists('nowhere.txt') or '$(Configuration)' == 'Release'">
                <Using Include="System.Never" />
              </ItemGroup>
            </Project>
            """);

        var project = ProjectFile.Read(path);

        Assert.Equal(["READ"], project.DefineConstants);
        Assert.True(project.Nullable);
        Assert.Equal(["global::System.Numerics"], project.GlobalUsings);
        Assert.Equal(["$(TargetFramework.StartsWith('net'))"], project.UnreadConditions);
    }

    [Fact]
    public void Turning_default_items_off_keeps_only_explicit_includes()
    {
        using var folder = new TempFolder();
        folder.Write("P/A.cs", "class A { }");
        folder.Write("P/Sub/B.cs", "class B { }");
        var path = folder.Write("P/P.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><EnableDefaultCompileItems>false</EnableDefaultCompileItems></PropertyGroup>
              <ItemGroup><Compile Include="Sub\*.cs" /></ItemGroup>
            </Project>
            """);

        var project = ProjectFile.Read(path);

        Assert.False(project.EnableDefaultCompileItems);
        Assert.Equal([(true, "Sub\\*.cs")], project.CompileItems);
        var glob = new CompileGlob(project.Directory, "Sub\\*.cs");
        Assert.Equal([Path.Combine(project.Directory, "Sub", "B.cs")], glob.Files(new HashSet<string>()));
    }

    [Fact]
    public void A_broken_props_file_is_a_clear_error_naming_it()
    {
        using var folder = new TempFolder();
        folder.Write("Directory.Build.props", "<Project><PropertyGroup>");
        var path = folder.Write("P/P.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var error = Assert.Throws<InvalidDataException>(() => ProjectFile.Read(path));

        Assert.Contains("Directory.Build.props: not a valid MSBuild file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("**/*.cs", "a/b/C.cs", true)]
    [InlineData("**/*.cs", "C.cs", true)]
    [InlineData("Scratch/**", "Scratch/x/Y.cs", true)]
    [InlineData("Scratch/**", "Other/Y.cs", false)]
    [InlineData("*.cs", "a/C.cs", false)]
    [InlineData("C?.cs", "C1.cs", true)]
    [InlineData("../Shared/**/*.cs", "../Shared/Text/S.cs", true)]
    public void Globs_match_as_msbuild_does(string pattern, string file, bool expected)
    {
        var project = Path.Combine(Path.GetTempPath(), "glob-project");
        var glob = new CompileGlob(project, pattern);

        Assert.Equal(expected, glob.Matches(Path.GetFullPath(Path.Combine(project, file))));
    }

    private static string Render(ProjectFile project)
    {
        var compile = string.Join(' ', project.CompileItems.Select(i => (i.Include ? "+" : "-") + i.Pattern));
        return $"""
            assembly: {project.AssemblyName}
            implicit usings: {project.ImplicitUsings}
            nullable: {project.Nullable}
            usings: {string.Join(", ", project.GlobalUsings)}
            define: {string.Join(", ", project.DefineConstants)}
            compile: {compile}
            default compile items: {project.EnableDefaultCompileItems}
            unread conditions: {string.Join(", ", project.UnreadConditions)}
            """.ReplaceLineEndings("\n");
    }
}
