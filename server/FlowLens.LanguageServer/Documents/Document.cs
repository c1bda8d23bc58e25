using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Documents;

/// <summary>
/// One open document at one version. Immutable; the task sites are located once per version, on first use,
/// so repeated code-lens requests for an unchanged document cost a dictionary lookup.
/// </summary>
internal sealed class Document
{
    private readonly Lazy<IReadOnlyList<TaskSite>> _tasks;

    public Document(string uri, int version, DocumentText text)
    {
        Uri = uri;
        Version = version;
        Text = text;
        _tasks = new Lazy<IReadOnlyList<TaskSite>>(() => TaskLocator.Find(text.Text), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Uri { get; }

    public int Version { get; }

    public DocumentText Text { get; }

    public IReadOnlyList<TaskSite> Tasks => _tasks.Value;

    public Document WithText(int version, DocumentText text) => new(Uri, version, text);
}
