using FlowLens.LanguageServer.Documents;

namespace FlowLens.LanguageServer.Dispatch;

/// <summary>What a handler sees: the documents as of its position in the message stream.</summary>
internal sealed record RequestContext(WorkspaceSnapshot Snapshot);
