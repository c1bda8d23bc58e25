using System.Diagnostics;
using FlowLens.Core.Evaluation;
using FlowLens.Sandbox.Jobs;

namespace FlowLens.Sandbox;

/// <summary>
/// Core's <see cref="ICandidateEvaluator"/>, out of process: each candidate is compiled, checked against the API
/// policy and tested in a <see cref="SandboxPool"/> worker. A bad candidate (does not compile, rejected, crashes,
/// hangs) is reported, never thrown; cancellation kills the worker running it and throws.
/// </summary>
public sealed class SandboxCandidateEvaluator(SandboxPool pool) : ICandidateEvaluator
{
    public async Task<EvaluationReport> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = Stopwatch.GetTimestamp();
        List<string> notes;
        Worker.Protocol.WorkerJob job;
        List<Core.Tasks.TaskExample> examples;
        if (request.Candidate.Unreadable is { } unreadable)
        {
            // The user's tests still count: they are listed as not run, so "0 of 6" reads as a failure, never as "no tests".
            var lines = Microsoft.CodeAnalysis.Text.SourceText.From(request.Target.SourceText).Lines;
            var range = request.Target.Site.BodyRange;
            var bodyStart = lines.GetPosition(new(range.Start.Line, range.Start.Character));
            var bodyEnd = lines.GetPosition(new(range.End.Line, range.End.Character));
            var unchanged = await EvaluateAsync(request with { Candidate = CandidateEdit.OfBody(request.Target.SourceText[bodyStart..bodyEnd]) }, cancellationToken);
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

        try
        {
            (job, notes, examples) = JobFactory.ForRequest(request, placed, pool.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException or ArgumentOutOfRangeException)
        {
            return EvaluationReport.NotCompiled(["the sandbox could not read the workspace: " + e.Message], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var outcome = await pool.RunAsync(job, cancellationToken);
        return ReportBuilder.Build(outcome, job, examples, notes, Stopwatch.GetElapsedTime(start).TotalMilliseconds, pool.Options.EffectiveRunTimeout);
    }
}
