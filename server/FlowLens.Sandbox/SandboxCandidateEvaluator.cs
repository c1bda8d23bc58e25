using System.Diagnostics;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Projects;
using FlowLens.Core.Tasks;
using FlowLens.Sandbox.Engine;
using FlowLens.Sandbox.Jobs;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox;

/// <summary>
/// Core's <see cref="ICandidateEvaluator"/>, out of process: each candidate is compiled, checked against the API
/// policy and tested in a <see cref="SandboxPool"/> worker. When the worker cannot model the workspace's test projects
/// (a test framework it does not run), the candidate is still checked against the policy by the worker, then its tests
/// run in the real engine (<see cref="DotnetTestEngine"/>). A bad candidate (does not compile, rejected, crashes,
/// hangs) is reported, never thrown; cancellation kills the worker running it and throws. Every report names its runner.
/// </summary>
/// <remarks>
/// With an <see cref="ITestSelector"/> (a warm view of the workspace) the tests that run are those that reach the target
/// method by reference; without one, those of the test files that mention its name. The report's notes say which.
/// </remarks>
public sealed class SandboxCandidateEvaluator(SandboxPool pool, IProjectModel? projectModel, ITestSelector? testSelector, IPackageResolver? packageResolver) : ICandidateEvaluator
{
    /// <summary>Projects evaluated by <paramref name="projectModel"/>, tests chosen by <paramref name="testSelector"/>; file-based apps' packages are not restored.</summary>
    public SandboxCandidateEvaluator(SandboxPool pool, IProjectModel? projectModel, ITestSelector? testSelector)
        : this(pool, projectModel, testSelector, null)
    {
    }

    /// <summary>Projects evaluated by <paramref name="projectModel"/>; tests chosen by name.</summary>
    public SandboxCandidateEvaluator(SandboxPool pool, IProjectModel? projectModel)
        : this(pool, projectModel, null, null)
    {
    }

    /// <summary>Projects read by the sandbox's own project reader only (no MSBuild).</summary>
    public SandboxCandidateEvaluator(SandboxPool pool)
        : this(pool, null, null, null)
    {
    }

    private const string WorkerXunit = "sandbox worker: xunit v2 tests run in process by reflection";

    public async Task<EvaluationReport> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = Stopwatch.GetTimestamp();
        List<string> notes;
        WorkerJob job;
        List<TaskExample> examples;
        TestPlan? plan = null;
        if (request.Candidate.Unreadable is { } unreadable)
        {
            // The user's tests still count: they are listed as not run, so "0 of 6" reads as a failure, never as "no tests".
            var lines = Microsoft.CodeAnalysis.Text.SourceText.From(request.Target.SourceText).Lines;
            var range = request.Target.Site.BodyRange;
            var bodyStart = lines.GetPosition(new(range.Start.Line, range.Start.Character));
            var bodyEnd = lines.GetPosition(new(range.End.Line, range.End.Character));
            var unchanged = await EvaluateAsync(request with { Candidate = CandidateEdit.OfBody(request.Target.SourceText[bodyStart..bodyEnd]) }, cancellationToken).ConfigureAwait(false);
            var why = "not run: " + unreadable;
            return EvaluationReport.NotReadable(unreadable) with
            {
                Tests = unchanged.Tests.Select(t => t with { Outcome = TestOutcome.Error, Message = why }).ToList(),
                Examples = unchanged.Examples.Select(e => e with { Outcome = TestOutcome.Error, Observed = null, Message = why }).ToList(),
                Milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds,
            };
        }

        // The sandbox compiles exactly what the editor would get: the same placement of body, members and usings.
        var placed = CandidatePlacement.Place(request.Candidate, request.Target.SourceText, request.Target.Site);
        if (placed.Failure is { } failure)
        {
            return EvaluationReport.NotCompiled([failure], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var model = request.Target.Tests is TaskTests.Workspace evaluated ? await EvaluateProjectsAsync(evaluated.WorkspaceRoot, cancellationToken).ConfigureAwait(false) : null;
        var (selection, selectionProblem) = request.Target.Tests is TaskTests.Workspace selecting && request.Scope == TestScope.Selected ? await SelectTestsAsync(selecting.WorkspaceRoot, request.Target, cancellationToken).ConfigureAwait(false) : (null, null);
        var packages = request.Target.Tests is TaskTests.Workspace ? await ResolvePackagesAsync(request.Target.FilePath, placed.Text, cancellationToken).ConfigureAwait(false) : null;
        if (packages?.Error is { } unrestored)
        {
            return EvaluationReport.NotCompiled([unrestored], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        try
        {
            (job, notes, examples) = JobFactory.ForRequest(request, placed, pool.Options, model, selection, packages);
            if (selectionProblem is not null)
            {
                notes.Add(selectionProblem);
            }

            if (request.Target.Tests is TaskTests.Workspace workspace)
            {
                // With the projects' own references (MSBuild evaluation) the worker runs NUnit, xunit v2 and v3 and MSTest through
                // their own APIs; without them only xunit v2, by reflection.
                var modelled = job.Projects.Any(p => p.MetadataReferences.Count > 0);
                plan = TestPlan.For(workspace.WorkspaceRoot, request.Target.FilePath, modelled ? TestPlan.ModelledWorkerFrameworks : TestPlan.ReadWorkerFrameworks);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException or ArgumentOutOfRangeException)
        {
            return EvaluationReport.NotCompiled(["the sandbox could not read the workspace: " + e.Message], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        if (plan is { EngineReason: not null } && request.Target.Tests is TaskTests.Workspace root)
        {
            return await EvaluateWithEngineAsync(request, placed, root.WorkspaceRoot, plan, job, examples, notes, selection, start, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await pool.RunAsync(job, cancellationToken).ConfigureAwait(false);
        var report = ReportBuilder.Build(outcome, job, examples, notes, Stopwatch.GetElapsedTime(start).TotalMilliseconds, pool.Options.EffectiveRunTimeout);
        if (!report.Compiled && report.Rejected.Count == 0 && plan is { MissingPackages.Count: > 0, TestProjects.Count: > 0 } && request.Target.Tests is TaskTests.Workspace again
            && ErrorsOutsideTarget(report, Path.GetFileName(request.Target.FilePath)))
        {
            // The worker compiled without packages the projects use; the real build decides whether the candidate compiles.
            var why = $"the sandbox worker could not compile the projects without package(s) {string.Join(", ", plan.MissingPackages)}";
            return await EvaluateWithEngineAsync(request, placed, again.WorkspaceRoot, plan with { EngineReason = why }, job, examples, notes, selection, start, cancellationToken).ConfigureAwait(false);
        }

        if (outcome.Result?.Unsupported is { } unsupported && plan is not null && request.Target.Tests is TaskTests.Workspace fallback)
        {
            // The worker recognised a framework it cannot host faithfully: the real engine runs it.
            return await EvaluateWithEngineAsync(request, placed, fallback.WorkspaceRoot, plan with { EngineReason = unsupported }, job, examples, notes, selection, start, cancellationToken).ConfigureAwait(false);
        }

        return report with { Runner = outcome.Result?.Runner ?? job.Mode switch
        {
            JobMode.Xunit => WorkerXunit,
            JobMode.Program => "sandbox worker: the program's Debug.Assert calls",
            _ => "sandbox worker: the task comment's examples only",
        }, };
    }

    /// <summary>
    /// Whether the worker's compile errors lie in the user's other files (a test using a package the worker lacks), not
    /// only in the target file: a candidate that is broken by itself gains nothing from the real engine.
    /// </summary>
    private static bool ErrorsOutsideTarget(EvaluationReport report, string targetFileName)
    {
        var errors = report.Diagnostics.Where(d => d.Contains(": error ", StringComparison.Ordinal)).ToList();
        return errors.Count > 0 && !errors.Any(d => d.StartsWith(targetFileName + "(", StringComparison.Ordinal));
    }

    /// <summary>
    /// The assemblies of the target file's <c>#:package</c> directives (a file-based app), restored outside the sandbox;
    /// null without a resolver or directives, so the sandbox compiles without them and says so.
    /// </summary>
    private async Task<ResolvedPackages?> ResolvePackagesAsync(string targetFile, string text, CancellationToken cancellationToken)
    {
        if (packageResolver is null || !text.Contains("#:package", StringComparison.Ordinal) || FileBasedApp.Read(text).Packages is not { Count: > 0 } packages)
        {
            return null;
        }

        return await packageResolver.ResolveAsync(packages, Path.GetDirectoryName(Path.GetFullPath(targetFile))!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The workspace's projects as MSBuild evaluates them, or null without a model; a model that fails says why.</summary>
    private async Task<ProjectModelResult?> EvaluateProjectsAsync(string workspaceRoot, CancellationToken cancellationToken)
    {
        if (projectModel is null)
        {
            return null;
        }

        try
        {
            return await projectModel.EvaluateAsync(workspaceRoot, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever MSBuild throws, the sandbox's own project reader still gets the job done.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return new ProjectModelResult([], [e.Message]);
        }
    }

    /// <summary>
    /// The tests that reach the target by reference, from the warm view; null (with the reason, when the view failed)
    /// where there is no selector or it cannot model the file, so the tests are chosen by name.
    /// </summary>
    private async Task<(TestSelection? Selection, string? Problem)> SelectTestsAsync(string workspaceRoot, TaskTarget target, CancellationToken cancellationToken)
    {
        if (testSelector is null)
        {
            return (null, null);
        }

        try
        {
            return (await testSelector.SelectAsync(workspaceRoot, target.FilePath, target.Site.MethodName, target.Site.BodyRange.Start, cancellationToken).ConfigureAwait(false), null);
        }
#pragma warning disable CA1031 // Whatever the workspace view throws, selection by name still chooses the tests.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return (null, "the workspace view could not select the tests (" + e.Message + ")");
        }
    }

    /// <summary>
    /// The candidate's code is the part nobody trusts, so the worker compiles the target's projects first (without the
    /// test projects it cannot model) and applies the API policy, and runs the task comment's examples; a rejected
    /// candidate never reaches the real engine.
    /// </summary>
    private async Task<EvaluationReport> EvaluateWithEngineAsync(EvaluationRequest request, PlacedCandidate placed, string workspaceRoot, TestPlan plan, WorkerJob job, List<TaskExample> examples, List<string> notes, TestSelection? selection, long start, CancellationToken cancellationToken)
    {
        var testAssemblies = plan.TestProjects.Select(p => p.AssemblyName).ToHashSet(StringComparer.Ordinal);
        var check = job with { Mode = JobMode.CompileOnly, Projects = job.Projects.Where(p => !testAssemblies.Contains(p.Name)).ToList() };
        var outcome = await pool.RunAsync(check, cancellationToken).ConfigureAwait(false);
        var checkReport = ReportBuilder.Build(outcome, check, examples, [], Stopwatch.GetElapsedTime(start).TotalMilliseconds, pool.Options.EffectiveRunTimeout);
        if (checkReport.Rejected.Count > 0)
        {
            return checkReport with { Diagnostics = [.. notes, .. checkReport.Diagnostics], Runner = "sandbox policy: the candidate was rejected before the real engine ran (" + plan.EngineReason + ")" };
        }

        var run = new EngineRun(workspaceRoot, request.Target.FilePath, placed.Text, request.Target.Site.MethodName, plan, notes, selection) { Scope = request.Scope };
        var report = await DotnetTestEngine.RunAsync(run, pool.Options, cancellationToken).ConfigureAwait(false);

        // The comment's examples ran in the worker; they count where the worker could compile the target's projects.
        var exampleResults = checkReport.Compiled ? checkReport.Examples : [];
        if (!checkReport.Compiled && examples.Count > 0)
        {
            report = report with { Diagnostics = [.. report.Diagnostics, "the task comment's examples were not run: the sandbox worker could not compile the target's projects"] };
        }

        return report with { Examples = exampleResults, Milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds };
    }
}
