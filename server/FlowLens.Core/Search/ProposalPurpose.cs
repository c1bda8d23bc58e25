namespace FlowLens.Core.Search;

/// <summary>Why the meta-agent is asked (sent as <c>flowlens.search</c> so scripted models can tell the requests apart).</summary>
public enum ProposalPurpose
{
    /// <summary>A complete workflow from scratch.</summary>
    Initial,

    /// <summary>A revised complete workflow, after execution feedback.</summary>
    Revise,

    /// <summary>The next step of a partial workflow.</summary>
    NextStep,

    /// <summary>A completion of a partial workflow (look-ahead).</summary>
    Complete,

    /// <summary>One consequential edit of a complete workflow.</summary>
    Edit,

    /// <summary>A fix for a workflow that failed to run.</summary>
    Fix,
}
