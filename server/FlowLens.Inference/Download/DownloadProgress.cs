namespace FlowLens.Inference;

/// <summary>Bytes on disk so far (including a resumed prefix) and the total when the server says it.</summary>
public sealed record DownloadProgress(long BytesReceived, long? TotalBytes);
