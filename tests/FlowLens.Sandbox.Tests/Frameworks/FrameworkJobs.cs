using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Tests.Frameworks;

/// <summary>
/// The worker job for a fixture solution, as the parent builds it from MSBuild: the library (its target body policed)
/// and the test project (trusted), compiled against the build's references and run with the packages' assemblies.
/// </summary>
internal static class FrameworkJobs
{
    public static WorkerJob Build(FrameworkSolution solution, string body, IReadOnlyList<string>? selected = null, int testTimeoutMs = 15_000)
    {
        var library = new List<JobSource> { Generated(solution, "Shop") };
        foreach (var path in Directory.GetFiles(Path.Combine(solution.Folder, "Shop"), "*.cs"))
        {
            var text = File.ReadAllText(path);
            if (Path.GetFileName(path) == "PriceCalculator.cs")
            {
                text = PriceCalculatorSource.WithBody(text, body);
                var (start, length) = PriceCalculatorSource.Body(text);
                library.Add(new JobSource { Path = path, Text = text, PolicedStart = start, PolicedLength = length });
            }
            else
            {
                library.Add(new JobSource { Path = path, Text = text });
            }
        }

        var tests = Directory.GetFiles(Path.Combine(solution.Folder, "Shop.Tests"), "*.cs")
            .Select(p => new JobSource { Path = p, Text = File.ReadAllText(p), IsTests = true })
            .Append(Generated(solution, "Shop.Tests"))
            .ToList();
        return new WorkerJob
        {
            Mode = JobMode.Xunit,
            TestTimeoutMs = testTimeoutMs,
            SelectedTests = selected,
            Projects =
            [
                Project(solution, "Shop", library, []),
                Project(solution, "Shop.Tests", tests, ["Shop"]),
            ],
        };
    }

    private static JobProject Project(FrameworkSolution solution, string name, IReadOnlyList<JobSource> sources, IReadOnlyList<string> references) => new()
    {
        Name = name,
        Sources = sources,
        References = references,
        Nullable = true,
        PreprocessorSymbols = solution.PreprocessorSymbols,
        LanguageVersion = solution.LanguageVersion,
        MetadataReferences = solution.MetadataReferences,
        RuntimeAssemblies = solution.RuntimeAssemblies,
    };

    private static JobSource Generated(FrameworkSolution solution, string project) => new() { Path = project + ".GlobalUsings.g.cs", Text = solution.GlobalUsings(project) };
}
