using System.Text.Json.Nodes;

namespace FlowLens.Cli.Tests.Loopback;

/// <summary>A request the scripted server received: "meta-agent" or the capability id it was told apart as, the path and the JSON body.</summary>
public sealed record RecordedRequest(string Kind, string Path, JsonNode? Body);
