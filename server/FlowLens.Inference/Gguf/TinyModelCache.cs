namespace FlowLens.Inference;

/// <summary>Provides <c>flowlens-tiny.gguf</c> in the model cache, writing it once (atomically) when absent.</summary>
public static class TinyModelCache
{
    public const string FileName = "flowlens-tiny.gguf";

    /// <summary>Returns the path of the cached tiny model, creating it with default <see cref="TinyModelOptions"/> if needed.</summary>
    public static Task<string> EnsureAsync(string? cacheDirectory = null, CancellationToken cancellationToken = default)
    {
        var directory = cacheDirectory ?? ModelCacheDirectory.Default;
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            return Task.FromResult(path);
        }

        return Task.Run(() =>
        {
            Directory.CreateDirectory(directory);

            // Write to a unique temp name and rename, so a concurrent reader never sees half a file.
            var temp = Path.Combine(directory, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                TinyGgufWriter.Write(temp);
                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            return path;
        }, cancellationToken);
    }
}
