using System.Text.RegularExpressions;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Projects;
using FlowLens.Core.Tasks;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Jobs;

/// <summary>Turns an <see cref="EvaluationRequest"/> into a worker job for its test style.</summary>
internal static partial class JobFactory
{
    public static (WorkerJob Job, List<string> Notes, List<TaskExample> Examples) ForRequest(EvaluationRequest request, PlacedCandidate placed, SandboxOptions options, ProjectModelResult? model = null, TestSelection? selection = null, ResolvedPackages? packages = null)
    {
        var target = request.Target;
        var site = target.Site;
        var codeStart = placed.CodeStart;
        var codeEnd = placed.CodeStart + placed.CodeLength;
        var examples = site.Examples.Concat(request.ExtraExamples).ToList();
        var notes = new List<string>();
        var fileName = Path.GetFileName(target.FilePath);
        var isStatic = StaticModifier().IsMatch(site.Signature.Split('(')[0]);

        JobMode mode;
        string? framework = null;
        List<JobProject> projects;
        string examplesProject;
        string examplesPath;
        IReadOnlyList<string>? selectedTests = null;
        switch (target.Tests)
        {
            case TaskTests.Program program:
            {
                var text = placed.Text[..codeEnd] + "\n" + program.TestsSource;
                mode = JobMode.Program;
                examplesProject = "Program";
                examplesPath = fileName;
                projects = [new JobProject { Name = "Program", Executable = true, Sources = [new JobSource { Path = fileName, Text = text, PolicedStart = codeStart, PolicedLength = placed.CodeLength, IsTests = true }] }];
                break;
            }

            case TaskTests.Workspace workspace:
            {
                var built = WorkspaceJobBuilder.Build(workspace.WorkspaceRoot, target.FilePath, placed.Text, (codeStart, placed.CodeLength), packages);
                mode = JobMode.Xunit;
                var buildProjects = built.Projects;
                if (model is not null && buildProjects.Any(p => EvaluatedJobOverlay.Usable(model).Any(e => e.AssemblyName == p.Name)))
                {
                    (buildProjects, framework) = EvaluatedJobOverlay.Apply(buildProjects, model, workspace.WorkspaceRoot, target.FilePath, placed.Text, (codeStart, placed.CodeLength));
                    notes.Add("projects evaluated by MSBuild (design-time build)");
                    // MSBuild evaluated conditions and resolved every package from the restore, so the own reader's
                    // notes about them no longer hold.
                    notes.AddRange(built.Notes.Where(n => !n.StartsWith("MSBuild condition", StringComparison.Ordinal) && !n.StartsWith("unsupported PackageReference", StringComparison.Ordinal)));
                }
                else
                {
                    notes.Add(model is null
                        ? "projects read by the sandbox's own project reader"
                        : "MSBuild could not evaluate the projects (" + string.Join("; ", model.Problems.Take(3)) + "): the sandbox's own project reader was used");
                    notes.AddRange(built.Notes);
                }

                if (request.Scope == TestScope.WholeProject)
                {
                    notes.Add("every test of the test projects ran (the rest of the project's tests, on the chosen candidate)");
                    projects = buildProjects;
                }
                else if (selection is null)
                {
                    notes.Add($"tests selected by name (no workspace view): the test files that mention {site.MethodName}");
                    projects = WorkspaceJobBuilder.OnlyTestsMentioning(buildProjects, site.MethodName);
                }
                else
                {
                    notes.Add(selection.How);
                    var root = Path.GetFullPath(workspace.WorkspaceRoot);
                    var files = selection.Tests.Select(t => Path.GetRelativePath(root, t.FilePath)).ToHashSet(StringComparer.Ordinal);
                    projects = WorkspaceJobBuilder.OnlyTestsIn(buildProjects, files);
                    selectedTests = selection.Tests.Select(t => t.FullyQualifiedName).ToList();
                }

                examplesProject = built.TargetProject;
                examplesPath = built.TargetPath;
                break;
            }

            default:
            {
                var text = placed.Text;
                mode = JobMode.CompileOnly;
                examplesProject = "Candidate";
                examplesPath = fileName;
                projects = [new JobProject { Name = "Candidate", Sources = [new JobSource { Path = fileName, Text = text, PolicedStart = codeStart, PolicedLength = placed.CodeLength }] }];
                break;
            }
        }

        var job = new WorkerJob
        {
            Mode = mode,
            Projects = projects,
            Examples = examples.Count == 0 ? null : new JobExamples
            {
                Project = examplesProject,
                Path = examplesPath,
                InsertAt = codeStart + placed.BodyLength,
                IsStatic = isStatic,
                Items = examples.Select(e => new JobExample(e.Call, e.Expected)).ToList(),
            },
            TestTimeoutMs = (int)options.EffectiveTestTimeout.TotalMilliseconds,
            OutputLimit = options.OutputLimitChars,
            PolicyOverride = WorkspacePolicy(target),
            TestFramework = framework,
            SelectedTests = selectedTests,
        };
        return (job, notes, examples);
    }

    /// <summary>A workspace's <c>.flowlens/sandbox-policy.json</c>, found upwards from the target file.</summary>
    internal static string? WorkspacePolicy(TaskTarget target)
    {
        var start = target.Tests is TaskTests.Workspace w ? w.WorkspaceRoot : Path.GetDirectoryName(target.FilePath);
        for (var directory = start; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var path = Path.Combine(directory, ".flowlens", "sandbox-policy.json");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }

            if (target.Tests is TaskTests.Workspace)
            {
                break;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bstatic\b")]
    private static partial Regex StaticModifier();
}
