using System.Xml.Linq;
using FlowLens.Sandbox.Jobs;

namespace FlowLens.Sandbox.Engine;

/// <summary>
/// Which test projects exercise a target file and who runs them: the sandbox worker when it can model every one of
/// them (NUnit, xunit v2 and v3, MSTest with the projects' own references), otherwise the real engine, with <see cref="EngineReason"/> saying why.
/// </summary>
/// <param name="MissingPackages">Packages of the test projects that the worker compiles without: when its compile fails, the real engine runs instead.</param>
internal sealed record TestPlan(string? OwnerProject, IReadOnlyList<TestProject> TestProjects, string? EngineReason, IReadOnlyList<string> MissingPackages)
{
    /// <summary>Frameworks the sandbox worker runs when it has the projects' own references (MSBuild evaluation): through their own APIs.</summary>
    public static readonly IReadOnlySet<string> ModelledWorkerFrameworks = new HashSet<string>(StringComparer.Ordinal) { "xunit2", "xunit3", "nunit", "mstest" };

    /// <summary>Frameworks the sandbox worker runs from its own project reading (no package references): xunit v2 by reflection.</summary>
    public static readonly IReadOnlySet<string> ReadWorkerFrameworks = new HashSet<string>(StringComparer.Ordinal) { "xunit2" };

    public static TestPlan For(string workspaceRoot, string targetFile, IReadOnlySet<string> workerFrameworks)
    {
        var target = Path.GetFullPath(targetFile);
        var projects = WorkspaceJobBuilder.Enumerate(Path.GetFullPath(workspaceRoot), "*.csproj").Select(ProjectFile.Read).ToList();
        var owner = projects.Where(p => target.StartsWith(p.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderByDescending(p => p.Directory.Length).FirstOrDefault();
        if (owner is null)
        {
            return new TestPlan(null, [], null, []);
        }

        var testFiles = projects.Where(p => p.ProjectReferences.Contains(owner.Path, StringComparer.Ordinal)).ToList();
        var missing = testFiles.Append(owner).SelectMany(p => p.PackageReferences).Where(p => !WorkspaceJobBuilder.Supported.Contains(p)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var tests = testFiles
            .Select(p => new TestProject(p.Path, p.AssemblyName, TestFrameworkDetector.Detect(p.PackageReferences, Sdk(p.Path))))
            .ToList();
        var unmodelled = tests.Where(t => t.Framework is null || !workerFrameworks.Contains(t.Framework)).ToList();
        var reason = unmodelled.Count == 0
            ? null
            : string.Join("; ", unmodelled.Select(t => $"{Path.GetFileName(t.Path)} uses {TestFrameworkDetector.Describe(t.Framework)}, which the sandbox worker does not run"));
        return new TestPlan(owner.Path, tests, reason, missing);
    }

    private static string Sdk(string projectPath)
    {
        try
        {
            return (string?)XDocument.Load(projectPath).Root?.Attribute("Sdk") ?? string.Empty;
        }
        catch (System.Xml.XmlException)
        {
            return string.Empty;
        }
    }
}
