using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.Sandbox.Worker.Policy;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(PolicyDocument))]
internal sealed partial class PolicyJson : JsonSerializerContext;
