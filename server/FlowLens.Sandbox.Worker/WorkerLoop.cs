using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FlowLens.Sandbox.Worker.Compilation;
using FlowLens.Sandbox.Worker.Execution;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker;

/// <summary>
/// The worker's main loop: one JSON job per stdin line, one JSON result per stdout line. The protocol streams are
/// taken before Console is redirected, so candidate output can never corrupt the channel.
/// </summary>
internal static class WorkerLoop
{
    private const int CollectEvery = 25;

    public static int Run()
    {
        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        var capture = new BoundedWriter();
        Console.SetOut(capture);
        Console.SetError(capture);
        Console.SetIn(TextReader.Null);
        Trace.Listeners.Clear();
        Trace.Listeners.Add(new ThrowingTraceListener());

        // Signals readiness, so the parent's spare is truly warm (runtime started, references loaded) before use.
        Handle(XunitWarmUpJob(), capture);
        Write(output, Handle(WarmUpJob(), capture) with { Id = 0 });

        var handled = 0;
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            WorkerJob job;
            try
            {
                job = JsonSerializer.Deserialize(line, ProtocolJson.Default.WorkerJob) ?? throw new JsonException("empty job");
            }
            catch (JsonException e)
            {
                Write(output, new WorkerResult { Id = -1, WorkerError = "bad job: " + e.Message });
                continue;
            }

            if (job.Mode == JobMode.Exit)
            {
                return 0;
            }

            var result = Handle(job, capture);
            Write(output, result);
            if (++handled % CollectEvery == 0)
            {
                // Unloaded contexts are freed by a full collection; forcing one now and then, between jobs, keeps
                // the resident set flat instead of letting gen 2 grow until the GC decides on its own.
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            if (result.Recycle)
            {
                // A runaway thread may still be running; the parent replaces this worker, so stop reading jobs.
                return 0;
            }
        }

        return 0;
    }

    /// <summary>
    /// A small program job with an assert and a check: it JITs the compiler, policy, rewriter, loader and runner
    /// paths, so the first real candidate costs what every later one does.
    /// </summary>
    private static WorkerJob WarmUpJob()
    {
        const string text = "using System.Collections.Generic; using System.Diagnostics; using System.Linq;\n"
            + "class Warm { static List<long> F(long n) { return Enumerable.Range(0, (int)n).Select(i => (long)i).ToList(); }\n"
            + "static void Main() { Debug.Assert(F(2).Equals(new List<long> { 0, 1 })); } }\n";
        var body = text.IndexOf("{ return", StringComparison.Ordinal);
        var end = text.IndexOf('}', body) + 1;
        return new WorkerJob
        {
            Mode = JobMode.Program,
            Projects = [new JobProject { Name = "Warm", Executable = true, Sources = [new JobSource { Path = "Warm.cs", Text = text, PolicedStart = body, PolicedLength = end - body, IsTests = true }] }],
            Examples = new JobExamples { Project = "Warm", Path = "Warm.cs", InsertAt = end, Items = [new JobExample("F(3)", "[0, 1, 2]")] },
        };
    }

    private static WorkerJob XunitWarmUpJob() => new()
    {
        Mode = JobMode.Xunit,
        Projects =
        [
            new JobProject
            {
                Name = "WarmXunit",
                Sources =
                [
                    new JobSource { Path = "C.cs", Text = "namespace W; public static class C { public static int Add(int a, int b) => a + b; }", PolicedLength = -1 },
                    new JobSource { Path = "T.cs", Text = "using Xunit; namespace W; public class T { [Fact] public void A() => Assert.Equal(2, C.Add(1, 1)); [Theory] [InlineData(1, 2)] public void B(int a, long b) => Assert.NotEqual(b, C.Add(a, a)); }", IsTests = true },
                ],
            },
        ],
    };

    internal static WorkerResult Handle(WorkerJob job, BoundedWriter capture)
    {
        var start = Stopwatch.GetTimestamp();
        capture.Limit = job.OutputLimit;
        capture.Take();
        try
        {
            var compiled = JobCompiler.Compile(job);
            var runner = new JobRunner(job, compiled);
            if (compiled.Rejected.Count > 0)
            {
                runner.ReportNotRun("rejected by the sandbox policy");
            }
            else if (!compiled.Compiled)
            {
                runner.ReportNotRun("candidate did not compile: " + (compiled.Diagnostics.FirstOrDefault() ?? "unknown error"));
            }
            else
            {
                runner.Run();
            }

            var (text, truncated) = capture.Take();
            return new WorkerResult
            {
                Id = job.Id,
                Compiled = compiled.Compiled,
                Rejected = compiled.Rejected,
                Diagnostics = [.. compiled.Diagnostics, .. runner.Diagnostics],
                Tests = runner.Tests,
                Examples = runner.Examples,
                Output = text,
                OutputTruncated = truncated,
                Recycle = runner.Recycle,
                Runner = runner.Runner,
                Unsupported = runner.Unsupported,
                Milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds,
            };
        }
#pragma warning disable CA1031 // The worker reports its own failures instead of dying with them.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new WorkerResult
            {
                Id = job.Id,
                WorkerError = e.ToString(),
                Recycle = e is OutOfMemoryException,
                Milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds,
            };
        }
    }

    private static void Write(StreamWriter output, WorkerResult result)
    {
        output.Write(JsonSerializer.Serialize(result, ProtocolJson.Default.WorkerResult));
        output.Write('\n');
        output.Flush();
    }
}
