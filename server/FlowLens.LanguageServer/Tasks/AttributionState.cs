namespace FlowLens.LanguageServer.Tasks;

/// <summary>Where a recorded run's attribution stands; the lenses and the generate result say it.</summary>
internal enum AttributionState
{
    /// <summary>The result is in; attribution is still running.</summary>
    Pending,

    /// <summary>Contributions are in the run.</summary>
    Done,

    /// <summary>The user cancelled attribution; the result stays.</summary>
    Cancelled,

    /// <summary>The method changed while attribution ran, so its contributions no longer describe the text.</summary>
    Dropped,

    /// <summary>Attribution threw; the result stays and the log says why.</summary>
    Failed,
}
