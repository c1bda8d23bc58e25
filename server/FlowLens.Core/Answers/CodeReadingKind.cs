namespace FlowLens.Core.Answers;

/// <summary>What a piece of an answer turned out to be.</summary>
public enum CodeReadingKind
{
    /// <summary>Not code for the target: prose, a usage example, a test class, another language.</summary>
    None,

    /// <summary>A declaration of the target method (alone, in a class, or in a whole file).</summary>
    DeclaresTarget,

    /// <summary>Statements that can be the target's body.</summary>
    BareBody,

    /// <summary>Code for the target that stops before it is complete (an unbalanced brace, a missing end).</summary>
    Incomplete,
}
