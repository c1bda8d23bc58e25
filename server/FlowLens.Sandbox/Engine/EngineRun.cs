using FlowLens.Core.Evaluation;
using FlowLens.Core.Projects;

namespace FlowLens.Sandbox.Engine;

/// <summary>One candidate for the real engine: the target file's full text with the candidate in place.</summary>
/// <param name="Selection">The tests chosen by reference; null: the test classes that mention the method run.</param>
internal sealed record EngineRun(string WorkspaceRoot, string TargetFile, string CandidateText, string MethodName, TestPlan Plan, IReadOnlyList<string> Notes, TestSelection? Selection = null)
{
    /// <summary><see cref="TestScope.WholeProject"/>: every test of the test projects runs, without a filter.</summary>
    public TestScope Scope { get; init; } = TestScope.Selected;
}
