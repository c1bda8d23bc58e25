using FlowLens.Core.Projects;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Jobs;

/// <summary>
/// Compiles a workspace the way its projects compile: the project holding the target file (with the candidate body
/// in place), the projects it references, and the test projects that reference it, each with its ImplicitUsings,
/// <c>&lt;Using&gt;</c> items and Nullable. Tests run from the test files that mention the target method.
/// Package references the sandbox cannot satisfy are reported, never silently dropped.
/// </summary>
internal static class WorkspaceJobBuilder
{
    /// <summary>The SDK's implicit usings for Microsoft.NET.Sdk projects.</summary>
    private static readonly string[] SdkImplicitUsings =
        ["global::System", "global::System.Collections.Generic", "global::System.IO", "global::System.Linq", "global::System.Net.Http", "global::System.Threading", "global::System.Threading.Tasks"];

    /// <summary>Packages the worker provides (xunit's attributes and asserts) or that only matter to a test runner.</summary>
    internal static readonly HashSet<string> Supported = new(StringComparer.OrdinalIgnoreCase)
    {
        "xunit", "xunit.assert", "xunit.core", "xunit.extensibility.core", "xunit.abstractions", "xunit.analyzers",
        "xunit.runner.visualstudio", "xunit.runner.console", "Microsoft.NET.Test.Sdk", "coverlet.collector", "coverlet.msbuild",
    };

    private const int MaxLooseFiles = 200;

    /// <summary>What the SDK defines for a Debug build of net10.0 (the sandbox compiles with DEBUG so Debug.Assert runs).</summary>
    private static readonly string[] SdkSymbols = ["DEBUG", "TRACE", "NET", "NET10_0", "NET10_0_OR_GREATER"];

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", ".git", ".vs", ".flowlens" };

    public static (List<JobProject> Projects, List<string> Notes, string TargetProject, string TargetPath) Build(
        string workspaceRoot, string targetFile, string targetText, (int Start, int Length) policed, ResolvedPackages? packages = null)
    {
        var notes = new List<string>();
        var root = Path.GetFullPath(workspaceRoot);
        var target = Path.GetFullPath(targetFile);
        var projectPaths = Enumerate(root, "*.csproj").ToList();
        var projects = projectPaths.Select(ProjectFile.Read).ToDictionary(p => p.Path, StringComparer.Ordinal);
        var owner = projects.Values.Where(p => target.StartsWith(p.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderByDescending(p => p.Directory.Length).FirstOrDefault();
        if (owner is null)
        {
            return LooseFiles(root, target, targetText, policed, packages, notes);
        }

        // The target, what it references (transitively), then the test projects that reference it.
        var ordered = new List<ProjectFile>();
        void Visit(ProjectFile project, HashSet<string> visiting)
        {
            if (ordered.Contains(project) || !visiting.Add(project.Path))
            {
                return;
            }

            foreach (var reference in project.ProjectReferences)
            {
                if (projects.TryGetValue(reference, out var referenced))
                {
                    Visit(referenced, visiting);
                }
                else
                {
                    notes.Add($"project reference {Path.GetFileName(reference)} in {Path.GetFileName(project.Path)} is outside the workspace: not compiled");
                }
            }

            ordered.Add(project);
        }

        Visit(owner, []);
        var testProjects = projects.Values.Where(p => p.ProjectReferences.Contains(owner.Path, StringComparer.Ordinal)).ToList();
        foreach (var test in testProjects)
        {
            Visit(test, []);
        }

        var result = new List<JobProject>();
        var targetRelative = Path.GetRelativePath(root, target);
        foreach (var project in ordered)
        {
            foreach (var package in project.PackageReferences.Where(p => !Supported.Contains(p)))
            {
                notes.Add($"unsupported PackageReference '{package}' in {Path.GetFileName(project.Path)}: the sandbox compiles without it");
            }

            var isTestProject = testProjects.Contains(project);
            var sources = new List<JobSource>();
            var targetIncluded = false;
            foreach (var file in CompileFiles(project, projects.Values))
            {
                var relative = Path.GetRelativePath(root, file);
                if (string.Equals(file, target, StringComparison.Ordinal))
                {
                    sources.Add(new JobSource { Path = relative, Text = targetText, PolicedStart = policed.Start, PolicedLength = policed.Length });
                    targetIncluded = true;
                    continue;
                }

                var text = File.ReadAllText(file);
                sources.Add(new JobSource { Path = relative, Text = text, IsTests = isTestProject });
            }

            if (project == owner && !targetIncluded)
            {
                // The user asked for this file; compile it even though the project's Compile items leave it out.
                notes.Add($"{Path.GetFileName(target)} is not among {Path.GetFileName(project.Path)}'s Compile items: compiled anyway");
                sources.Add(new JobSource { Path = targetRelative, Text = targetText, PolicedStart = policed.Start, PolicedLength = policed.Length });
            }

            notes.AddRange(project.UnreadConditions.Distinct(StringComparer.Ordinal).Select(c => $"MSBuild condition \"{c}\" in {Path.GetFileName(project.Path)} or its Directory.Build files was not evaluated: taken as true"));

            var usings = (project.ImplicitUsings ? SdkImplicitUsings : []).Concat(project.GlobalUsings).Distinct(StringComparer.Ordinal).ToList();
            if (usings.Count > 0)
            {
                sources.Add(new JobSource { Path = Path.GetFileNameWithoutExtension(project.Path) + ".GlobalUsings.g.cs", Text = string.Concat(usings.Select(u => $"global using {u};\n")) });
            }

            result.Add(new JobProject
            {
                Name = project.AssemblyName,
                Sources = sources,
                References = project.ProjectReferences.Where(projects.ContainsKey).Select(r => projects[r].AssemblyName).ToList(),
                Nullable = project.Nullable,
                InternalsVisibleTo = project.InternalsVisibleTo,
                PreprocessorSymbols = SdkSymbols.Concat(project.DefineConstants).Distinct(StringComparer.Ordinal).ToList(),
            });
        }

        return (result, notes, owner.AssemblyName, targetRelative);
    }

    /// <summary>
    /// A target outside every .csproj compiles as <c>dotnet run file.cs</c> would: the SDK's implicit usings, nullable
    /// enabled, the file's <c>#:property</c> directives (Nullable, ImplicitUsings, LangVersion, DefineConstants), and
    /// its <c>#:package</c> directives' assemblies when the parent restored them (<paramref name="packages"/>).
    /// Its folder's other .cs files (recursively, at most <see cref="MaxLooseFiles"/>) join it, and files with xunit
    /// tests are its tests: without them, tests sitting beside the target (a scratch folder, a gist) would be missed.
    /// </summary>
    private static (List<JobProject> Projects, List<string> Notes, string TargetProject, string TargetPath) LooseFiles(
        string root, string target, string targetText, (int Start, int Length) policed, ResolvedPackages? packages, List<string> notes)
    {
        var folder = Path.GetDirectoryName(target)!;
        var app = FileBasedApp.Read(targetText);
        var others = Enumerate(folder, "*.cs").Where(f => !string.Equals(f, target, StringComparison.Ordinal)).Take(MaxLooseFiles).ToList();
        notes.Add(others.Count == 0
            ? $"no .csproj contains {Path.GetFileName(target)}: compiled as a file-based app (dotnet run {Path.GetFileName(target)})"
            : $"no .csproj contains {Path.GetFileName(target)}: compiled with the {others.Count} other .cs file(s) of its folder, as a file-based app");
        notes.AddRange(packages is null
            ? app.Packages.Select(p => $"#:package {p}: the sandbox compiles without packages of file-based apps")
            : app.Packages.Select(p => $"#:package {p}: restored as dotnet run would restore it"));
        var sources = new List<JobSource> { new() { Path = Path.GetRelativePath(root, target), Text = app.Text, PolicedStart = policed.Start, PolicedLength = policed.Length } };
        foreach (var file in others)
        {
            var text = File.ReadAllText(file);
            var isTests = text.Contains("[Fact", StringComparison.Ordinal) || text.Contains("[Theory", StringComparison.Ordinal);
            sources.Add(new JobSource { Path = Path.GetRelativePath(root, file), Text = FileBasedApp.Read(text).Text, IsTests = isTests });
        }

        if (app.IsOn("ImplicitUsings", fallback: true))
        {
            sources.Add(new JobSource { Path = "Loose.GlobalUsings.g.cs", Text = string.Concat(SdkImplicitUsings.Select(u => $"global using {u};\n")) });
        }

        var defines = app.Properties.TryGetValue("DefineConstants", out var constants) ? constants.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        var project = new JobProject
        {
            Name = "Candidate",
            Sources = sources,
            Nullable = app.IsOn("Nullable", fallback: true),

            // Top-level statements make the file an app, as dotnet run compiles it; its Main is not run by the sandbox.
            Executable = sources.Any(s => HasTopLevelStatements(s.Text)),
            LanguageVersion = app.Properties.TryGetValue("LangVersion", out var version) ? version : null,
            PreprocessorSymbols = [.. SdkSymbols, .. defines],
            AddedReferences = packages?.CompileAssemblies ?? [],
            RuntimeAssemblies = packages?.RuntimeAssemblies ?? [],
        };
        return ([project], notes, project.Name, sources[0].Path);
    }

    private static bool HasTopLevelStatements(string text) =>
        Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text).GetRoot() is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax unit
            && unit.Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();

    /// <summary>
    /// The project's C# files as the SDK would compile them: <c>**/*.cs</c> under its folder (unless
    /// <c>EnableDefaultCompileItems</c> is false; folders of nested projects left out), then its <c>Compile</c>
    /// includes and removes in order, which may reach outside the folder (linked shared files).
    /// </summary>
    private static List<string> CompileFiles(ProjectFile project, IEnumerable<ProjectFile> all)
    {
        var files = new List<string>();
        if (project.EnableDefaultCompileItems)
        {
            var nested = all.Where(p => p != project && p.Directory.StartsWith(project.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)).Select(p => p.Directory).ToList();
            files.AddRange(Enumerate(project.Directory, "*.cs").Where(f => !nested.Any(n => f.StartsWith(n + Path.DirectorySeparatorChar, StringComparison.Ordinal))));
        }

        foreach (var (include, pattern) in project.CompileItems)
        {
            var glob = new CompileGlob(project.Directory, pattern);
            if (include)
            {
                files.AddRange(glob.Files(SkippedFolders).Where(f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && !files.Contains(f, StringComparer.Ordinal)));
            }
            else
            {
                files.RemoveAll(glob.Matches);
            }
        }

        return files;
    }

    /// <summary>Marks as tests only the test files that mention <paramref name="methodName"/>, so only tests of the target run.</summary>
    public static List<JobProject> OnlyTestsMentioning(List<JobProject> projects, string methodName) =>
        projects.Select(p => p with
        {
            Sources = p.Sources.Select(s => s.IsTests && !s.Text.Contains(methodName, StringComparison.Ordinal) ? s with { IsTests = false } : s).ToList(),
        }).ToList();

    /// <summary>Marks as tests only the files (workspace-relative paths) that hold selected tests; the selection names the methods to run.</summary>
    public static List<JobProject> OnlyTestsIn(List<JobProject> projects, IReadOnlySet<string> files) =>
        projects.Select(p => p with
        {
            Sources = p.Sources.Select(s => s.IsTests && !files.Contains(s.Path) ? s with { IsTests = false } : s).ToList(),
        }).ToList();

    internal static IEnumerable<string> Enumerate(string directory, string pattern)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in System.IO.Directory.EnumerateFiles(current, pattern).Order(StringComparer.Ordinal))
            {
                yield return Path.GetFullPath(file);
            }

            foreach (var sub in System.IO.Directory.EnumerateDirectories(current))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }
        }
    }
}
