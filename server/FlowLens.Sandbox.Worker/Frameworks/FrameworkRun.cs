using System.Reflection;
using FlowLens.Sandbox.Worker.Execution;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Runs a real project's tests through the project's own test framework, loaded from the user's package assemblies
/// into the candidate's load context. A job is such a job when it runs tests and its projects name their own
/// references (<see cref="JobProject.MetadataReferences"/>); jobs without them keep the worker's xunit imitation.
/// </summary>
internal static class FrameworkRun
{
    public static bool Applies(WorkerJob job) => job.Mode == JobMode.Xunit && job.Projects.Any(p => p.MetadataReferences.Count > 0);

    /// <summary>The job's framework as named, or found among the test projects' references.</summary>
    public static string? Detect(WorkerJob job)
    {
        if (job.TestFramework is { Length: > 0 } named)
        {
            return named;
        }

        var names = job.Projects.Where(p => p.Sources.Any(s => s.IsTests))
            .SelectMany(p => p.MetadataReferences.Concat(p.RuntimeAssemblies))
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return names switch
        {
            _ when names.Contains("nunit.framework") => "nunit",
            _ when names.Contains("xunit.v3.core") => "xunit3",
            _ when names.Contains("xunit.core") || names.Contains("xunit.execution.dotnet") => "xunit2",
            _ when names.Contains("Microsoft.VisualStudio.TestPlatform.TestFramework") || names.Contains("MSTest.TestFramework") => "mstest",
            _ => null,
        };
    }

    public static FrameworkResults Run(WorkerJob job, CandidateLoadContext context, IReadOnlyDictionary<string, Assembly> assemblies)
    {
        var results = new FrameworkResults();
        var framework = Detect(job);
        results.Unsupported = framework switch
        {
            null => "no test framework the sandbox worker knows (NUnit, xunit, MSTest) is among the test project's references",
            "nunit" or "xunit2" or "xunit3" or "mstest" => null,
            _ => $"unknown test framework '{framework}' (expected xunit2, xunit3, nunit or mstest)",
        };
        if (results.Unsupported is not null)
        {
            return results;
        }

        var testProjects = job.Projects.Where(p => p.Sources.Any(s => s.IsTests) && assemblies.ContainsKey(p.Name)).ToList();
        using var watchdog = new TestWatchdog(job.TestTimeoutMs);
        using var scope = context.EnterContextualReflection();
        foreach (var project in testProjects)
        {
            var tests = assemblies[project.Name];
            if (framework == "nunit")
            {
                var nunit = context.LoadRuntime("nunit.framework");
                if (nunit is null)
                {
                    results.Unsupported = "nunit.framework.dll is not among the job's runtime assemblies";
                    return results;
                }

                new NUnitRunner(job, watchdog, results).Run(nunit, tests);
            }
            else if (framework is "mstest" or "xunit3")
            {
                if (framework == "mstest")
                {
                    new MSTestRunner(job, watchdog, results).Run(context, project, tests);
                }
                else
                {
                    new XunitV3Runner(job, watchdog, results).Run(context, project, tests);
                }

                if (results.Unsupported is not null)
                {
                    return results;
                }
            }
            else
            {
                var execution = context.LoadRuntime("xunit.execution.dotnet");
                if (execution is null)
                {
                    results.Unsupported = "xunit.execution.dotnet.dll is not among the job's runtime assemblies";
                    return results;
                }

                new XunitV2Runner(job, watchdog, results).Run(execution, tests);
            }

            if (results.Recycle)
            {
                break;
            }
        }

        return results;
    }
}
