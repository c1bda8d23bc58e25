namespace FlowLens.Core.Capabilities;

/// <summary>
/// The typed artefacts workflow steps exchange. The stitcher wires steps by these types, so a workflow is valid
/// by construction.
/// </summary>
public enum ArtefactType
{
    /// <summary>The task itself: comment, signature, examples. Always available.</summary>
    Task,

    /// <summary>A natural-language plan.</summary>
    Plan,

    /// <summary>Generated checks (edge cases): feedback for the workflow, never the user's score.</summary>
    Checks,

    /// <summary>Candidate method bodies, best first.</summary>
    Candidates,

    /// <summary>Test results of the current candidates.</summary>
    Results,

    /// <summary>A critique of the current best candidate.</summary>
    Review,
}
