using System.Collections.Immutable;

namespace FlowLens.LanguageServer.Documents;

/// <summary>The open documents at one point in the ordered stream of document changes.</summary>
internal sealed record WorkspaceSnapshot(ImmutableDictionary<string, Document> Documents)
{
    public static WorkspaceSnapshot Empty { get; } = new(ImmutableDictionary<string, Document>.Empty.WithComparers(StringComparer.Ordinal));

    public Document? Find(string uri) => Documents.GetValueOrDefault(uri);
}
