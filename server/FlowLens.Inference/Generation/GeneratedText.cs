namespace FlowLens.Inference;

/// <summary>The whole text of one completed generation with what it cost.</summary>
public sealed record GeneratedText(string Text, GenerationCounters Counters);
