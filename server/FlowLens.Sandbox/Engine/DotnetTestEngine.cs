using System.Diagnostics;
using FlowLens.Core.Evaluation;
using FlowLens.Sandbox.Processes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowLens.Sandbox.Engine;

/// <summary>
/// The real engine: <c>dotnet test --filter</c> on a private copy of the workspace with the candidate applied, cut off
/// the network, with a time limit, outcomes read from its TRX log. Used when the sandbox worker cannot model a test
/// project; slower, but its outcomes are the ones the user's own <c>dotnet test</c> gives. Restores run outside the
/// network jail (packages come from the user's feeds); builds and tests run inside it.
/// </summary>
internal static class DotnetTestEngine
{
    public static async Task<EvaluationReport> RunAsync(EngineRun run, SandboxOptions options, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var isolate = options.Network == NetworkIsolation.WhenAvailable && NetworkJail.Available;
        var runner = $"dotnet test (the real engine) on a copy of the workspace with the candidate applied, {(isolate ? "network cut off" : NetworkJail.Description)}: {run.Plan.EngineReason}";
        var notes = run.Notes.ToList();
        var classes = run.Plan.TestProjects.ToDictionary(p => p.Path, p => Filters(run, p.Path), StringComparer.Ordinal);
        if (run.Scope == TestScope.Selected && classes.Values.All(c => c.Count == 0))
        {
            notes.Add(run.Selection is null
                ? $"no test class in {string.Join(", ", run.Plan.TestProjects.Select(p => Path.GetFileName(p.Path)))} mentions {run.MethodName}: no test was run"
                : $"no test in {string.Join(", ", run.Plan.TestProjects.Select(p => Path.GetFileName(p.Path)))} reaches {run.MethodName}: no test was run");
            return new EvaluationReport(true, [], notes, [], [], Elapsed(start), Runner: runner);
        }

        var copy = EngineCopy.For(run.WorkspaceRoot);
        await copy.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            copy.Sync();
            await File.WriteAllTextAsync(copy.PathOf(run.TargetFile), run.CandidateText, cancellationToken).ConfigureAwait(false);
            var dotnet = WorkerLocator.DotnetHost();
            if (!copy.Restored)
            {
                foreach (var project in run.Plan.TestProjects)
                {
                    var restore = await ExternalCommand.RunAsync(dotnet, ["restore", copy.PathOf(project.Path), "--nologo", "-v", "q"], copy.Directory, options.EffectiveEngineTimeout, cancellationToken).ConfigureAwait(false);
                    if (restore.ExitCode != 0)
                    {
                        notes.Add($"the test project could not be restored{(restore.TimedOut ? " in time" : string.Empty)}: run `dotnet restore {project.Path}` and see its errors");
                        notes.AddRange(ErrorLines(restore.Output));
                        return EvaluationReport.NotCompiled(notes, Elapsed(start)) with { Runner = runner };
                    }
                }

                copy.Restored = true;
            }

            var tests = new List<TestResult>();
            var compiled = true;
            foreach (var project in run.Plan.TestProjects.Where(p => run.Scope == TestScope.WholeProject || classes[p.Path].Count > 0))
            {
                var results = Path.Combine(copy.Directory, "TestResults", Guid.NewGuid().ToString("N")[..12]);
                var filter = string.Join('|', classes[project.Path].Select(c => "FullyQualifiedName~" + c));
                string[] arguments =
                [
                    "test", copy.PathOf(project.Path), "--no-restore", "--nologo", "-p:UseSharedCompilation=false",
                    "--logger", "trx;LogFileName=results.trx", "--results-directory", results,
                    .. run.Scope == TestScope.WholeProject ? Array.Empty<string>() : ["--filter", filter],
                ];
                var test = isolate
                    ? await ExternalCommand.RunAsync(NetworkJail.UnsharePath, ["-n", "--", "sh", "-c", "ip link set lo up 2>/dev/null; exec \"$0\" \"$@\"", dotnet, .. arguments], copy.Directory, options.EffectiveEngineTimeout, cancellationToken).ConfigureAwait(false)
                    : await ExternalCommand.RunAsync(dotnet, arguments, copy.Directory, options.EffectiveEngineTimeout, cancellationToken).ConfigureAwait(false);
                var trx = Path.Combine(results, "results.trx");
                if (test.TimedOut)
                {
                    notes.Add($"dotnet test on {Path.GetFileName(project.Path)} did not finish within {options.EffectiveEngineTimeout.TotalSeconds:0} s: killed");
                    tests.AddRange(File.Exists(trx) ? TrxReader.Read(trx) : []);
                    tests.Add(new TestResult(project.AssemblyName, TestOutcome.Timeout, "dotnet test was killed at its time limit", Elapsed(start)));
                    continue;
                }

                if (!File.Exists(trx))
                {
                    // No results file: the build failed (the candidate does not compile) or the host could not start.
                    compiled = false;
                    notes.AddRange(ErrorLines(test.Output).DefaultIfEmpty($"dotnet test exited with {test.ExitCode} and wrote no results: " + Last(test.Output)));
                    continue;
                }

                tests.AddRange(TrxReader.Read(trx));
            }

            return new EvaluationReport(compiled, [], notes, tests, [], Elapsed(start), Runner: runner);
        }
        finally
        {
            copy.Gate.Release();
        }
    }

    /// <summary>
    /// What <c>--filter FullyQualifiedName~</c> names in one test project: the selected test methods (every data row of
    /// one matches, its arguments follow the name), or without a selection the classes that mention the method.
    /// </summary>
    private static IReadOnlyList<string> Filters(EngineRun run, string projectPath) =>
        run.Selection is { } selection
            ? selection.Tests.Where(t => string.Equals(Path.GetFullPath(t.ProjectPath), Path.GetFullPath(projectPath), StringComparison.Ordinal)).Select(t => t.FullyQualifiedName).ToList()
            : ClassesMentioning(projectPath, run.MethodName);

    /// <summary>
    /// The outermost classes of a test project's files that mention the method by name: the tests that can exercise it.
    /// Their full names filter <c>dotnet test</c> (nested test classes are inside them).
    /// </summary>
    internal static IReadOnlyList<string> ClassesMentioning(string projectPath, string methodName)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Jobs.WorkspaceJobBuilder.Enumerate(Path.GetDirectoryName(projectPath)!, "*.cs"))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains(methodName, StringComparison.Ordinal))
            {
                continue;
            }

            var root = CSharpSyntaxTree.ParseText(text).GetRoot();
            foreach (var type in root.DescendantNodes(n => n is not TypeDeclarationSyntax).OfType<TypeDeclarationSyntax>())
            {
                if (type.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == methodName))
                {
                    names.Add(FullName(type));
                }
            }
        }

        return [.. names];
    }

    private static string FullName(TypeDeclarationSyntax type)
    {
        var parts = new List<string> { type.Identifier.ValueText };
        for (var node = type.Parent; node is not null; node = node.Parent)
        {
            if (node is BaseNamespaceDeclarationSyntax ns)
            {
                parts.Insert(0, ns.Name.ToString());
            }
        }

        return string.Join('.', parts);
    }

    private static IEnumerable<string> ErrorLines(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(20);

    private static string Last(string output)
    {
        var text = output.Trim();
        return text.Length > 500 ? "..." + text[^500..] : text;
    }

    private static double Elapsed(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
