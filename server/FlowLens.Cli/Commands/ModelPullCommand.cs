using System.CommandLine;
using FlowLens.Inference;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens model pull URL|ALIAS</c>: resumable download into the model cache.</summary>
internal static class ModelPullCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("URL|ALIAS") { Description = $"An http(s) URL of a .gguf file, or one of: {string.Join(", ", ModelAliases.All.Keys)}." };
        var sha256 = new Option<string?>("--sha256") { Description = "Expected SHA-256 of the file (hex)." };
        var directory = new Option<string?>("--dir") { Description = $"Target folder (default {ModelCacheDirectory.Default})." };
        var command = new Command("pull", "Download a model into the cache; an interrupted pull resumes where it stopped.");
        command.Arguments.Add(source);
        command.Options.Add(sha256);
        command.Options.Add(directory);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var progress = new ConsoleProgress();
            try
            {
                var path = await new ModelDownloader(http).DownloadAsync(
                    result.GetValue(source)!,
                    new ModelDownloadOptions { Sha256 = result.GetValue(sha256), Directory = result.GetValue(directory) },
                    progress,
                    cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine();
                Console.Out.WriteLine(path);
                return 0;
            }
            catch (Exception e) when (e is InferenceException or HttpRequestException or IOException or ArgumentException)
            {
                Console.Error.WriteLine();
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Prints at most one progress line per percent, on stderr so stdout stays the file path.</summary>
    private sealed class ConsoleProgress : IProgress<DownloadProgress>
    {
        private long _lastPercent = -1;

        public void Report(DownloadProgress value)
        {
            if (value.TotalBytes is not > 0)
            {
                return;
            }

            var percent = value.BytesReceived * 100 / value.TotalBytes.Value;
            if (percent != _lastPercent)
            {
                _lastPercent = percent;
                Console.Error.Write($"\r{percent,3}%  {value.BytesReceived / (1024 * 1024)} / {value.TotalBytes / (1024 * 1024)} MiB");
            }
        }
    }
}
