namespace FlowLens.LanguageServer.Server;

/// <summary>What the client said it supports in <c>initialize</c>; the server only sends what the client can take.</summary>
internal sealed record ClientFeatures(
    bool Configuration,
    bool WorkDoneProgress,
    bool CodeLensRefresh,
    bool ApplyEdit,
    bool ChangeAnnotations)
{
    public static ClientFeatures None { get; } = new(false, false, false, false, false);
}
