using System.Text.Json.Serialization;

namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>Source-generated serialisation for the NDJSON protocol: no reflection, fast start in every worker.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkerJob))]
[JsonSerializable(typeof(WorkerResult))]
internal sealed partial class ProtocolJson : JsonSerializerContext;
