namespace FlowLens.Core.Evaluation;

/// <summary>Which of the workspace's tests an evaluation runs.</summary>
public enum TestScope
{
    /// <summary>The tests that exercise the target method (chosen by reference, or by name without a workspace view).</summary>
    Selected,

    /// <summary>Every test of the test projects that reference the target's project: the chosen candidate's check against the rest.</summary>
    WholeProject,
}
