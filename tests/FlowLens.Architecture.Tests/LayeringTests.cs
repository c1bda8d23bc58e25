using System.Xml.Linq;

namespace FlowLens.Architecture.Tests;

/// <summary>
/// Everything points inward to Core (docs/architecture.md). These tests read the project files and sources, so a
/// reference that breaks the direction fails here before it spreads.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Each server project and the FlowLens projects it may reference. The CLI is the composition root.</summary>
    public static TheoryData<string, string[]> AllowedReferences() => new()
    {
        { "FlowLens.Core", [] },
        { "FlowLens.Inference", ["FlowLens.Core"] },
        { "FlowLens.Sandbox", ["FlowLens.Core", "FlowLens.Sandbox.Worker"] },
        { "FlowLens.Sandbox.Worker", ["FlowLens.Core", "FlowLens.Sandbox"] },
        { "FlowLens.LanguageServer", ["FlowLens.Core"] },
        { "FlowLens.Workspace", ["FlowLens.Core"] },
        { "FlowLens.Cli", ["FlowLens.Core", "FlowLens.Inference", "FlowLens.Sandbox", "FlowLens.Sandbox.Worker", "FlowLens.LanguageServer", "FlowLens.Workspace"] },
    };

    /// <summary>Packages that would let a project know what it must not (docs/architecture.md, "API boundary").</summary>
    public static TheoryData<string, string[]> ForbiddenPackages() => new()
    {
        { "FlowLens.Core", ["StreamJsonRpc", "OllamaSharp", "Microsoft.Extensions.AI.OpenAI", "Microsoft.CodeAnalysis.CSharp.Scripting", "Spectre.Console", "System.CommandLine", "Microsoft.CodeAnalysis.Workspaces.MSBuild", "NuGet.ProjectModel"] },
        { "FlowLens.Inference", ["StreamJsonRpc", "Microsoft.CodeAnalysis.CSharp", "Spectre.Console"] },
        { "FlowLens.Sandbox", ["StreamJsonRpc", "OllamaSharp", "Microsoft.Extensions.AI.OpenAI", "Spectre.Console", "Microsoft.CodeAnalysis.Workspaces.MSBuild"] },
        { "FlowLens.LanguageServer", ["OllamaSharp", "Microsoft.Extensions.AI.OpenAI", "Microsoft.CodeAnalysis.CSharp.Scripting", "Spectre.Console", "Microsoft.CodeAnalysis.Workspaces.MSBuild"] },
        { "FlowLens.Workspace", ["StreamJsonRpc", "OllamaSharp", "Microsoft.Extensions.AI.OpenAI", "Spectre.Console"] },
    };

    [Theory]
    [MemberData(nameof(AllowedReferences))]
    public void Project_references_point_inward(string project, string[] allowed) =>
        Check(project, allowed);

    [Theory]
    [MemberData(nameof(ForbiddenPackages))]
    public void Projects_do_not_take_packages_outside_their_boundary(string project, string[] forbidden)
    {
        var packages = Items(project, "PackageReference").ToList();
        Assert.Empty(packages.Intersect(forbidden));
    }

    [Fact]
    public void Every_server_project_is_covered_by_the_table()
    {
        var projects = Directory.GetDirectories(Path.Combine(Root, "server")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(AllowedReferences().Select(row => (string)row[0]).Order(StringComparer.Ordinal), projects);
    }

    [Theory]
    [InlineData("FlowLens.Core", "DllImport")]
    [InlineData("FlowLens.Core", "LibraryImport")]
    [InlineData("FlowLens.Core", "textDocument/")]
    [InlineData("FlowLens.Core", "System.Diagnostics.Process")]
    [InlineData("FlowLens.Core", "Console.")]
    [InlineData("FlowLens.LanguageServer", "DllImport")]
    [InlineData("FlowLens.Sandbox", "textDocument/")]
    [InlineData("FlowLens.Inference", "textDocument/")]
    public void Sources_do_not_mention_what_the_project_must_not_know(string project, string needle)
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "server", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(needle, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Native_declarations_live_only_in_the_inference_native_folder()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "server"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(l => l.TrimStart().StartsWith("[LibraryImport(", StringComparison.Ordinal) || l.TrimStart().StartsWith("[DllImport(", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => !f.StartsWith(Path.Combine("server", "FlowLens.Inference", "Native"), StringComparison.Ordinal))
            .ToList();
        Assert.Empty(offenders);
    }

    private static void Check(string project, string[] allowed)
    {
        var references = Items(project, "ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))).ToList();
        var outward = references.Except(allowed).ToList();
        Assert.True(outward.Count == 0, $"{project} references {string.Join(", ", outward)}: only {string.Join(", ", allowed.DefaultIfEmpty("nothing"))} allowed (docs/architecture.md)");
    }

    private static IEnumerable<string> Items(string project, string item)
    {
        var path = Path.Combine(Root, "server", project, project + ".csproj");
        return XDocument.Load(path).Descendants(item).Select(e => (string?)e.Attribute("Include")).OfType<string>();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Extension.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Extension.sln not found");
    }
}
