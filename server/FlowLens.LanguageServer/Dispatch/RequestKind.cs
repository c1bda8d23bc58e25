namespace FlowLens.LanguageServer.Dispatch;

/// <summary>How a handler runs against the request queue.</summary>
internal enum RequestKind
{
    /// <summary>Runs concurrently with other read-only handlers, on the snapshot left by the mutations before it.</summary>
    ReadOnly,

    /// <summary>Runs alone, in arrival order with other mutating handlers (document changes, lifecycle, settings).</summary>
    Mutating,
}
