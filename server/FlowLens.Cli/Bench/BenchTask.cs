using FlowLens.Core.Tasks;

namespace FlowLens.Cli.Bench;

/// <summary>One suite problem: its name and the target a workflow fills in.</summary>
internal sealed record BenchTask(string Name, TaskTarget Target);
