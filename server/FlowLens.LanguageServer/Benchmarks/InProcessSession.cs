using System.IO.Pipelines;
using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>A server on in-memory pipes with the benchmark's generator, or the one given.</summary>
internal sealed class InProcessSession : IAsyncDisposable
{
    private readonly Task<int> _server;

    private InProcessSession(BenchClient client, Task<int> server)
    {
        Client = client;
        _server = server;
    }

    public BenchClient Client { get; }

    public static InProcessSession Start(IWorkflowGeneratorFactory? generators = null)
    {
        var toServer = new Pipe();
        var fromServer = new Pipe();
        var server = Task.Run(() => LanguageServerHost.RunAsync(toServer.Reader.AsStream(), fromServer.Writer.AsStream(), generators ?? new BenchGeneratorFactory(), new LanguageServerOptions(), CancellationToken.None));
        return new InProcessSession(new BenchClient(toServer.Writer.AsStream(), fromServer.Reader.AsStream()), server);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Client.RequestAsync("shutdown", null, cancellationToken).ConfigureAwait(false);
        await Client.NotifyAsync("exit", null, cancellationToken).ConfigureAwait(false);
        await _server.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        await ((Task)_server).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
