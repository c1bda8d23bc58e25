namespace FlowLens.Core.Context;

/// <summary>What a piece of context is, in the order pieces appear in a prompt.</summary>
public enum ContextItemKind
{
    /// <summary>The type that holds the method: fields, constructors, signatures, small private helpers.</summary>
    EnclosingType,

    /// <summary>A workspace type named by the signature, the task, the fields or the members.</summary>
    Type,

    /// <summary>Workspace extension methods on the types involved (the model cannot know them).</summary>
    Extensions,

    /// <summary>A workspace test that calls the method: an example of the expected behaviour.</summary>
    Test,

    /// <summary>A place in the workspace that calls the method.</summary>
    CallSite,
}
