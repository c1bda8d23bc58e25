namespace FlowLens.Inference;

/// <summary>Where a pulled model goes and how it is verified.</summary>
public sealed record ModelDownloadOptions
{
    /// <summary>Expected SHA-256 (hex); a mismatch deletes the file and throws <see cref="ChecksumMismatchException"/>.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Target folder; defaults to <see cref="ModelCacheDirectory.Default"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>Target file name; defaults to the last segment of the URL.</summary>
    public string? FileName { get; init; }
}
