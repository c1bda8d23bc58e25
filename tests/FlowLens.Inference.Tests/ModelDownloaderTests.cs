using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace FlowLens.Inference.Tests;

/// <summary>The downloader against a loopback HTTP server serving a generated model.</summary>
public sealed class ModelDownloaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flowlens-download-").FullName;
    private readonly byte[] _model;
    private readonly HttpListener _listener = new();
    private readonly List<string?> _rangeHeaders = [];
    private readonly Task _server;
    private int _failFirstAfterBytes = -1;

    public ModelDownloaderTests()
    {
        using var stream = new MemoryStream();
        TinyGgufWriter.Write(stream, new TinyModelOptions { Seed = 3 });
        _model = stream.ToArray();
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _server = Task.Run(ServeAsync);
    }

    private string BaseUrl { get; }

    public void Dispose()
    {
        _listener.Close();
        _server.Wait(TimeSpan.FromSeconds(5));
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Interrupted_transfer_resumes_with_a_range_request()
    {
        _failFirstAfterBytes = _model.Length / 3;
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http);
        var options = new ModelDownloadOptions { Directory = _dir, Sha256 = Sha256(_model) };

        await Assert.ThrowsAnyAsync<Exception>(() => downloader.DownloadAsync(BaseUrl + "tiny.gguf", options));
        var part = Path.Combine(_dir, "tiny.gguf.part");
        Assert.True(File.Exists(part));
        var partial = new FileInfo(part).Length;
        Assert.InRange(partial, 1, _model.Length - 1);
        Assert.False(File.Exists(Path.Combine(_dir, "tiny.gguf")));

        var reports = new List<DownloadProgress>();
        var path = await downloader.DownloadAsync(BaseUrl + "tiny.gguf", options, new SynchronousProgress(reports));

        Assert.Equal(_model, await File.ReadAllBytesAsync(path));
        Assert.Equal($"bytes={partial}-", _rangeHeaders[^1]);
        Assert.Equal(partial, reports[0].BytesReceived);
        Assert.Equal(new DownloadProgress(_model.Length, _model.Length), reports[^1]);
        Assert.False(File.Exists(part));
        Assert.Equal("llama", GgufFile.ReadInfo(path).Architecture);
    }

    [Fact]
    public async Task Checksum_mismatch_deletes_the_file_and_throws()
    {
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http);
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() =>
            downloader.DownloadAsync(BaseUrl + "tiny.gguf", new ModelDownloadOptions { Directory = _dir, Sha256 = wrong }));

        Assert.Equal(wrong, error.Expected);
        Assert.Equal(Sha256(_model), error.Actual);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task An_existing_verified_file_is_not_downloaded_again()
    {
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http);
        var options = new ModelDownloadOptions { Directory = _dir, Sha256 = Sha256(_model), FileName = "named.gguf" };

        await downloader.DownloadAsync(BaseUrl + "tiny.gguf", options);
        var requests = _rangeHeaders.Count;
        var path = await downloader.DownloadAsync(BaseUrl + "tiny.gguf", options);

        Assert.Equal(requests, _rangeHeaders.Count);
        Assert.Equal("named.gguf", Path.GetFileName(path));
    }

    [Fact]
    public async Task Aliases_resolve_and_unknown_names_are_refused()
    {
        Assert.Equal("huggingface.co", ModelAliases.Find("qwen2.5-coder-1.5b")!.Url.Host);
        Assert.NotNull(ModelAliases.Find("QWEN2.5-CODER-7B"));
        using var http = new HttpClient();
        await Assert.ThrowsAsync<ArgumentException>(() => new ModelDownloader(http).DownloadAsync("not-a-model", new ModelDownloadOptions { Directory = _dir }));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var range = context.Request.Headers["Range"];
            lock (_rangeHeaders)
            {
                _rangeHeaders.Add(range);
            }

            var start = range is null ? 0 : int.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
            var response = context.Response;
            response.StatusCode = range is null ? 200 : 206;
            if (range is not null)
            {
                response.Headers["Content-Range"] = $"bytes {start}-{_model.Length - 1}/{_model.Length}";
            }

            response.ContentLength64 = _model.Length - start;
            var failAfter = Interlocked.Exchange(ref _failFirstAfterBytes, -1);
            try
            {
                if (failAfter > 0)
                {
                    // Send part of the body, then drop the connection, like a flaky network.
                    await response.OutputStream.WriteAsync(_model.AsMemory(start, failAfter));
                    await response.OutputStream.FlushAsync();
                    response.Abort();
                    continue;
                }

                await response.OutputStream.WriteAsync(_model.AsMemory(start));
                response.Close();
            }
            catch (HttpListenerException)
            {
            }
        }
    }

    private sealed class SynchronousProgress(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => reports.Add(value);
    }
}
