using FlowLens.Sandbox.Worker;
using FlowLens.Sandbox.Worker.Execution;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Tests;

/// <summary>The worker's memory must not grow with the number of candidates: every job's context is collectible.</summary>
public sealed class UnloadTests
{
    [Fact]
    public void Candidate_contexts_are_collected_after_their_jobs()
    {
        const string text = "using System.Diagnostics; class P { static int F(int x) { return x * 2; } static void Main() { Debug.Assert(F(2) == 4); } }";
        var capture = new BoundedWriter();
        for (var i = 0; i < 40; i++)
        {
            var job = new WorkerJob
            {
                Mode = JobMode.Program,
                Projects = [new JobProject { Name = "UnloadProbe" + i, Executable = true, Sources = [new JobSource { Path = "p.cs", Text = text.Replace("x * 2", $"x * 2 + {i} - {i}", StringComparison.Ordinal), PolicedLength = -1, IsTests = true }] }],
            };
            var result = WorkerLoop.Handle(job, capture);
            Assert.Equal(ResultOutcome.Passed, Assert.Single(result.Tests).Outcome);
        }

        // AssemblyLoadContext.All forgets a context as soon as Unload is called, collected or not; the loaded assembly
        // list only forgets it once the runtime has really freed it, so that is what this counts.
        for (var i = 0; i < 10 && LiveProbes() > 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.True(LiveProbes() <= 2, $"{LiveProbes()} of 40 candidate assemblies are still loaded");
    }

    private static int LiveProbes() =>
        AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name?.StartsWith("UnloadProbe", StringComparison.Ordinal) == true);
}
