using FlowLens.Core.Generation;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer;

/// <summary>The language server's entry point: <c>flowlens lsp</c> calls this with stdin and stdout.</summary>
public static class LanguageServerHost
{
    /// <summary>
    /// Serves LSP on the two streams until the client sends <c>exit</c>, the input ends, or
    /// <paramref name="cancellationToken"/> fires. Returns the process exit code: 0 after shutdown then exit,
    /// 1 for exit without shutdown or a lost connection. Generators from <paramref name="factory"/> are disposed
    /// before it returns.
    /// </summary>
    public static Task<int> RunAsync(Stream input, Stream output, IWorkflowGeneratorFactory factory, LanguageServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        DispatcherThreads.Reserve();
        return LanguageServerSession.RunAsync(input, output, factory, options, cancellationToken);
    }
}
