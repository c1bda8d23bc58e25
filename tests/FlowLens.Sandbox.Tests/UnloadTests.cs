using System.Runtime.Loader;
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
                Projects = [new JobProject { Name = "P" + i, Executable = true, Sources = [new JobSource { Path = "p.cs", Text = text.Replace("x * 2", $"x * 2 + {i} - {i}", StringComparison.Ordinal), PolicedLength = -1, IsTests = true }] }],
            };
            var result = WorkerLoop.Handle(job, capture);
            Assert.Equal(ResultOutcome.Passed, Assert.Single(result.Tests).Outcome);
        }

        for (var i = 0; i < 10 && AssemblyLoadContext.All.Count(c => c.Name == "candidate") > 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.True(AssemblyLoadContext.All.Count(c => c.Name == "candidate") <= 2, $"{AssemblyLoadContext.All.Count(c => c.Name == "candidate")} of 40 candidate contexts are still alive");
    }
}
