using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace FlowLens.Inference;

/// <summary>
/// Downloads models into the cache: resumes an interrupted transfer from its <c>.part</c> file with an HTTP Range
/// request, verifies SHA-256 when one is known, and renames into place only when complete, so a file under its final
/// name is always whole.
/// </summary>
public sealed class ModelDownloader(HttpClient httpClient)
{
    private const int BufferSize = 1 << 16;

    /// <summary>Downloads <paramref name="urlOrAlias"/> (a URL or a <see cref="ModelAliases"/> name); returns the file path.</summary>
    public async Task<string> DownloadAsync(
        string urlOrAlias,
        ModelDownloadOptions? options = null,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ModelDownloadOptions();
        var alias = ModelAliases.Find(urlOrAlias);
        var url = alias?.Url ?? (Uri.TryCreate(urlOrAlias, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new ArgumentException($"'{urlOrAlias}' is neither an http(s) URL nor a known alias ({string.Join(", ", ModelAliases.All.Keys)}).", nameof(urlOrAlias)));
        var expected = (options.Sha256 ?? alias?.Sha256)?.Trim().ToLowerInvariant();
        var directory = options.Directory ?? ModelCacheDirectory.Default;
        Directory.CreateDirectory(directory);
        var fileName = options.FileName ?? Uri.UnescapeDataString(url.Segments[^1]);
        if (string.IsNullOrWhiteSpace(fileName) || fileName.EndsWith('/'))
        {
            throw new ArgumentException($"Cannot derive a file name from '{url}'; pass one in ModelDownloadOptions.FileName.", nameof(urlOrAlias));
        }

        var target = Path.Combine(directory, fileName);
        if (File.Exists(target) && (expected is null || await Sha256Async(target, cancellationToken) == expected))
        {
            return target;
        }

        var part = target + ".part";
        await TransferAsync(url, part, progress, cancellationToken);
        if (expected is not null)
        {
            var actual = await Sha256Async(part, cancellationToken);
            if (actual != expected)
            {
                File.Delete(part);
                throw new ChecksumMismatchException(url.ToString(), expected, actual);
            }
        }

        File.Move(part, target, overwrite: true);
        return target;
    }

    private async Task TransferAsync(Uri url, string part, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
        {
            // The part file already holds everything the server has.
            return;
        }

        response.EnsureSuccessStatusCode();
        var resumed = response.StatusCode == HttpStatusCode.PartialContent;
        long? total = resumed
            ? response.Content.Headers.ContentRange?.Length ?? existing + response.Content.Headers.ContentLength
            : response.Content.Headers.ContentLength;
        await using var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
        var received = resumed ? existing : 0;
        progress?.Report(new DownloadProgress(received, total));
        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            received += read;
            progress?.Report(new DownloadProgress(received, total));
        }

        if (total is { } expectedLength && received != expectedLength)
        {
            throw new IOException($"The download of '{url}' stopped at {received} of {expectedLength} bytes; run the same pull again to resume.");
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
