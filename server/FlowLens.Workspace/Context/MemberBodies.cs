namespace FlowLens.Workspace.Context;

/// <summary>Which bodies a rendered type keeps.</summary>
internal enum MemberBodies
{
    /// <summary>Another type: accessible members as signatures, no bodies, nothing private.</summary>
    None,

    /// <summary>The enclosing type: every member, constructors in full, small private helpers in full.</summary>
    Enclosing,
}
