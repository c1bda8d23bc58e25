namespace FlowLens.Inference.Native;

/// <summary><c>enum ggml_log_level</c>.</summary>
internal enum GgmlLogLevel
{
    None = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Continue = 5,
}
