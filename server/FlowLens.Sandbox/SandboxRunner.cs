using System.Diagnostics;
using FlowLens.Core.Evaluation;
using FlowLens.Sandbox.Jobs;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox;

/// <summary>
/// Whole-file modes for the CLI and benchmarks: a complete program (its <c>Debug.Assert</c> calls are the tests), or
/// candidate sources plus xunit test files. The candidate files are policed entirely; xunit test files are trusted.
/// </summary>
public sealed class SandboxRunner(SandboxPool pool)
{
    /// <summary>Compiles and runs a whole program; each <c>Debug.Assert</c> in it is one test.</summary>
    public Task<EvaluationReport> RunProgramAsync(SandboxFile program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        var job = new WorkerJob
        {
            Mode = JobMode.Program,
            Projects = [new JobProject { Name = "Program", Executable = true, Sources = [new JobSource { Path = program.Path, Text = program.Text, PolicedLength = -1, IsTests = true }] }],
        };
        return RunAsync(job, cancellationToken);
    }

    /// <summary>Compiles <paramref name="sources"/> (policed) with <paramref name="tests"/> (trusted) and runs every xunit test.</summary>
    public Task<EvaluationReport> RunXunitAsync(IReadOnlyList<SandboxFile> sources, IReadOnlyList<SandboxFile> tests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(tests);
        var usings = new JobSource { Path = "GlobalUsings.g.cs", Text = "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.Linq;\nglobal using global::Xunit;\n" };
        var job = new WorkerJob
        {
            Mode = JobMode.Xunit,
            Projects =
            [
                new JobProject
                {
                    Name = "Candidate",
                    Sources = [.. sources.Select(s => new JobSource { Path = s.Path, Text = s.Text, PolicedLength = -1 }), .. tests.Select(t => new JobSource { Path = t.Path, Text = t.Text, IsTests = true }), usings],
                },
            ],
        };
        return RunAsync(job, cancellationToken);
    }

    private async Task<EvaluationReport> RunAsync(WorkerJob job, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        job = job with { TestTimeoutMs = (int)pool.Options.EffectiveTestTimeout.TotalMilliseconds, OutputLimit = pool.Options.OutputLimitChars };
        var outcome = await pool.RunAsync(job, cancellationToken);
        return ReportBuilder.Build(outcome, job, [], [], Stopwatch.GetElapsedTime(start).TotalMilliseconds, pool.Options.EffectiveRunTimeout);
    }
}
