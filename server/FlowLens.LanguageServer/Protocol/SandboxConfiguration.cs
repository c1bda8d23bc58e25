using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record SandboxConfiguration(
    [property: JsonPropertyName("timeoutMs")] int? TimeoutMs,
    [property: JsonPropertyName("memoryMb")] int? MemoryMb,
    [property: JsonPropertyName("runOtherTests")] bool? RunOtherTests = null);
