namespace FlowLens.LanguageServer.Dispatch;

/// <summary>Whether a method may be sent without <c>params</c>.</summary>
internal enum ParamsPresence
{
    Required,
    Optional,
}
