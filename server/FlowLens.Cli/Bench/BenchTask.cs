using FlowLens.Core.Tasks;

namespace FlowLens.Cli.Bench;

/// <summary>One suite problem: its name, what a workflow may see, and the hidden tests that grade it.</summary>
internal sealed record BenchTask(string Name, GradedTarget Graded)
{
    /// <summary>The visible target: the only one composers, workflows and searches are given.</summary>
    public TaskTarget Target => Graded.Visible;
}
