using FlowLens.Core.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.LanguageServer.Documents;

/// <summary>
/// One open document at one version. Immutable to its readers; its syntax tree and task sites are computed once per
/// version, on first use, so repeated code-lens requests for an unchanged document cost a field read. The tree of a
/// changed version is the newest earlier tree reparsed incrementally (<see cref="SyntaxTree.WithChangedText"/>): the
/// text remembers every change since, so a burst of keystrokes without a request in between costs one reparse of the
/// regions they touched.
/// </summary>
internal sealed class Document
{
    private readonly Lock _gate = new();
    private readonly Lazy<IReadOnlyList<DocumentTask>> _tasks;

    // Writers set _tree before clearing _basis and readers read _basis before _tree, so a reader never sees neither.
    private volatile SyntaxTree? _tree;
    private volatile SyntaxTree? _basis;

    public Document(string uri, int version, DocumentText text)
        : this(uri, version, text, null)
    {
    }

    private Document(string uri, int version, DocumentText text, SyntaxTree? basis)
    {
        Uri = uri;
        Version = version;
        Text = text;
        _basis = basis;
        _tasks = new Lazy<IReadOnlyList<DocumentTask>>(Locate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Uri { get; }

    public int Version { get; }

    public DocumentText Text { get; }

    /// <summary>The tree of this version: parsed in full when the document was opened or replaced, else reparsed from an earlier tree.</summary>
    public SyntaxTree Tree
    {
        get
        {
            if (_tree is { } tree)
            {
                return tree;
            }

            lock (_gate)
            {
                if (_tree is null)
                {
                    _tree = _basis is { } basis ? basis.WithChangedText(Text.Source) : TaskLocator.Parse(Text.Source);

                    // The earlier tree (and the text it holds) is no longer needed by this version.
                    _basis = null;
                }

                return _tree;
            }
        }
    }

    public IReadOnlyList<DocumentTask> Tasks => _tasks.Value;

    /// <summary>
    /// The next version. It reparses from this version's tree when one was built, else from the tree this version would
    /// have reparsed from; never from a version in between, so unparsed versions are not kept alive.
    /// </summary>
    public Document WithText(int version, DocumentText text)
    {
        var basis = _basis;
        return new Document(Uri, version, text, _tree ?? basis);
    }

    /// <summary>
    /// Core reports positions in Roslyn's lines; they map back to offsets through the same <see cref="SourceText"/> the
    /// tree holds, and from offsets to the client's lines through the document's own table.
    /// </summary>
    private IReadOnlyList<DocumentTask> Locate()
    {
        var tree = Tree;
        var roslynLines = tree.GetText().Lines;
        var sites = TaskLocator.Find(tree);
        var tasks = new DocumentTask[sites.Count];
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            tasks[i] = new DocumentTask(site, ToClient(site.CommentRange), ToClient(site.MethodRange), ToClient(site.BodyRange));
        }

        return tasks;

        TextRange ToClient(TextRange range) => new(ToClientPosition(range.Start), ToClientPosition(range.End));

        TextPosition ToClientPosition(TextPosition position) =>
            Text.PositionOf(roslynLines.GetPosition(new LinePosition(position.Line, position.Character)));
    }
}
