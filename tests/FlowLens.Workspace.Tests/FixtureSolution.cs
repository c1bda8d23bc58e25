using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Workspace.Tests;

/// <summary>
/// A fixture folder as an <see cref="AdhocWorkspace"/> solution, without MSBuild: one project per <c>.csproj</c>,
/// its <c>.cs</c> files, its project references, and the running runtime's assemblies (plus xunit's for test
/// projects) as metadata. Projects are added in the order given, so tests can check order does not matter.
/// </summary>
internal static partial class FixtureSolution
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "fixtures", "context", name);

    public static Solution Load(string root, bool reverseProjectOrder = false)
    {
        var workspace = new AdhocWorkspace();
        var projects = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (reverseProjectOrder)
        {
            projects.Reverse();
        }

        var runtime = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        var xunit = new[] { typeof(FactAttribute).Assembly.Location, typeof(Assert).Assembly.Location }.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        var ids = projects.ToDictionary(p => Path.GetFullPath(p), p => ProjectId.CreateNewId(Path.GetFileNameWithoutExtension(p)));
        var solution = workspace.CurrentSolution;
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var folder = Path.GetDirectoryName(project)!;
            var isTest = name.EndsWith(".Tests", StringComparison.Ordinal);
            // MSBuild flows project references transitively; so does this loader.
            var references = Transitive(Path.GetFullPath(project)).Select(p => new Microsoft.CodeAnalysis.ProjectReference(ids[p]));
            var id = ids[Path.GetFullPath(project)];
            solution = solution.AddProject(ProjectInfo.Create(
                id,
                VersionStamp.Default,
                name,
                name,
                LanguageNames.CSharp,
                filePath: project,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
                projectReferences: references,
                metadataReferences: isTest ? [.. runtime, .. xunit] : runtime));
            var usings = isTest ? "global using Xunit;\n" : string.Empty;
            solution = solution.AddDocument(DocumentId.CreateNewId(id), "GlobalUsings.g.cs", SourceText.From(usings + "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using System.IO;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n"));
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(id), Path.GetFileName(file), SourceText.From(File.ReadAllText(file)), filePath: file);
            }
        }

        return solution;
    }

    private static IEnumerable<string> Transitive(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            var folder = Path.GetDirectoryName(current)!;
            foreach (Match m in ProjectReference().Matches(File.ReadAllText(current)))
            {
                var referenced = Path.GetFullPath(Path.Combine(folder, m.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar)));
                if (found.Add(referenced))
                {
                    pending.Push(referenced);
                }
            }
        }

        return found;
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

    [GeneratedRegex("""<ProjectReference Include="([^"]+)" """)]
    private static partial Regex ProjectReference();
}
