namespace FlowLens.LanguageServer.Documents;

/// <summary>
/// The open documents. Only mutating handlers change it, and the request queue runs those one at a time in
/// arrival order; everyone else reads an immutable <see cref="WorkspaceSnapshot"/>.
/// </summary>
internal sealed class DocumentStore
{
    private volatile WorkspaceSnapshot _current = WorkspaceSnapshot.Empty;

    public WorkspaceSnapshot Current => _current;

    public void Open(string uri, int version, string text) =>
        _current = new WorkspaceSnapshot(_current.Documents.SetItem(uri, new Document(uri, version, new DocumentText(text))));

    /// <summary>Applies changes to an open document; changes to a document that is not open are ignored and reported.</summary>
    public bool Change(string uri, int version, IReadOnlyList<DocumentChange> changes)
    {
        if (_current.Find(uri) is not { } document)
        {
            return false;
        }

        var updated = document.WithText(version, document.Text.Apply(changes));
        _current = new WorkspaceSnapshot(_current.Documents.SetItem(uri, updated));
        return true;
    }

    public void Close(string uri) => _current = new WorkspaceSnapshot(_current.Documents.Remove(uri));
}
