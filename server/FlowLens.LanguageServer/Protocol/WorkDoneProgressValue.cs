using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>
/// The begin, report and end shapes of LSP work-done progress in one record: <see cref="Kind"/> says which,
/// and null members are left out of the JSON.
/// </summary>
internal sealed record WorkDoneProgressValue(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("cancellable")] bool? Cancellable,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("percentage")] int? Percentage);
