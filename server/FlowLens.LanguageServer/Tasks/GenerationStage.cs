namespace FlowLens.LanguageServer.Tasks;

/// <summary>Which stage of "Generate workflow" a generation is in: producing the result, or attributing it.</summary>
internal enum GenerationStage
{
    Result,
    Attribution,
}
