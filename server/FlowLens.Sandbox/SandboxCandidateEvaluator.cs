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
        try
        {
            (job, notes, examples) = JobFactory.ForRequest(request, pool.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException or ArgumentOutOfRangeException)
        {
            return EvaluationReport.NotCompiled(["the sandbox could not read the workspace: " + e.Message], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var outcome = await pool.RunAsync(job, cancellationToken);
        return ReportBuilder.Build(outcome, job, examples, notes, Stopwatch.GetElapsedTime(start).TotalMilliseconds, pool.Options.EffectiveRunTimeout);
    }
}
