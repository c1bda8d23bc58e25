using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Documents;

/// <summary>
/// Locates a document's tasks in the background shortly after it changes, so the code-lens request that follows
/// a pause in typing finds them ready instead of parsing on the request path. Versions superseded within the
/// delay are skipped: continuous typing costs no parses until it stops.
/// </summary>
internal sealed class TaskSitePrefetch(DocumentStore documents, TimeProvider time, TextWriter log)
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(50);

    public void Schedule(string uri, int version, CancellationToken cancellationToken) =>
        _ = PrefetchAsync(uri, version, cancellationToken);

    /// <summary>
    /// Opens and edits a tiny document once so the first real request does not pay for loading and compiling the
    /// parser, the incremental reparse and the position mapping.
    /// </summary>
    public static void WarmUp() =>
        _ = Task.Run(() =>
        {
            var document = new Document("flowlens:warm-up", 0, new DocumentText("class C\n{\n    // TASK: warm up.\n    void M() { }\n}\n"));
            _ = document.Tasks;
            var change = new DocumentChange(new TextRange(new TextPosition(3, 10), new TextPosition(3, 10)), "x");
            _ = document.WithText(1, document.Text.Apply(change)).Tasks;
        });

    private async Task PrefetchAsync(string uri, int version, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Delay, time, cancellationToken).ConfigureAwait(false);
            if (documents.Current.Find(uri) is { } document && document.Version == version)
            {
                _ = document.Tasks;
            }
        }
        catch (OperationCanceledException)
        {
            // The server is stopping.
        }
        catch (Exception ex)
        {
            // The request path will locate (and report) again; a prefetch failure must not go unobserved.
            await log.WriteLineAsync($"flowlens: locating tasks in {uri} failed: {ex.Message}").ConfigureAwait(false);
        }
    }
}
