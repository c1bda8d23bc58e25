namespace FlowLens.LanguageServer.Generation;

/// <summary>Whether a result goes into the editor: at once, after the user confirms it, or never.</summary>
internal enum CandidateVerdict
{
    Apply,
    NeedsConfirmation,
    Refused,
}
