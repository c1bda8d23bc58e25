namespace FlowLens.Inference;

/// <summary>Rough memory needs of a model and its context, computed from the GGUF header before anything is allocated.</summary>
public sealed record MemoryEstimate(long WeightBytes, long KvCacheBytesPerToken)
{
    /// <summary>Compute buffers are not in the header; llama.cpp's are a few hundred MiB at most for the sizes we run.</summary>
    public const long ComputeOverheadBytes = 64L * 1024 * 1024;

    public long ContextBytes(int contextTokens) => (KvCacheBytesPerToken * contextTokens) + ComputeOverheadBytes;

    /// <summary>Memory this process could still use: MemAvailable from /proc/meminfo, else the GC's view.</summary>
    public static long AvailableHostBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    return kb * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    internal static MemoryEstimate FromInfo(GgufInfo info)
    {
        var layers = info.BlockCount ?? 0;
        var embd = info.EmbeddingLength ?? 0;
        var heads = Math.Max(1, info.HeadCount ?? 1);
        var kvHeads = info.HeadCountKv ?? heads;

        // K and V per layer per token, F16 (the default cache type): 2 tensors * 2 bytes * head_dim * kv_heads.
        var perToken = 2L * 2 * layers * (embd / heads) * kvHeads;
        return new MemoryEstimate(info.TensorDataBytes, perToken);
    }
}
