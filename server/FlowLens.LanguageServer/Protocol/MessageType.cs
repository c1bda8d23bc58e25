namespace FlowLens.LanguageServer.Protocol;

/// <summary>LSP MessageType, serialised as its number.</summary>
internal enum MessageType
{
    Error = 1,
    Warning = 2,
    Info = 3,
    Log = 4,
}
