namespace FlowLens.Core.Capabilities;

/// <summary>
/// One reusable step of the library, loaded from a Markdown file: front-matter (typed signature, parameters,
/// costs) and a prompt template with <c>{{placeholders}}</c>.
/// </summary>
/// <param name="Order">Where the stitcher places this step among steps that the types leave unordered.</param>
/// <param name="Prior">The default expected contribution before any attribution was observed.</param>
public sealed record Capability(
    string Id,
    CapabilityKind Kind,
    string Description,
    IReadOnlyList<ArtefactType> Inputs,
    IReadOnlyList<ArtefactType> OptionalInputs,
    IReadOnlyList<ArtefactType> Outputs,
    IReadOnlyList<ParameterSpec> Parameters,
    int Order,
    double Prior,
    int CostModelCalls,
    int CostTokens,
    string PromptTemplate,
    string SourcePath)
{
    /// <summary>For a composite capability (mined from successful workflows), the capabilities it stands for.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];

    /// <summary>The answer budget this step asks for (<c>max_tokens:</c> in the front-matter); null: the run's budget.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>For a composite, each part's parameters as the file gives them (parts not listed take their defaults).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> PartParameters { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>
    /// What the executor does for this capability (one of <see cref="CapabilityBehaviours.All"/>), as the file names
    /// it; null when the file names none (a workspace file overriding a built-in then keeps the built-in's).
    /// </summary>
    public string? NamedBehaviour { get; init; }

    /// <summary>The behaviour that runs: the named one, else the kind's default.</summary>
    public string Behaviour => NamedBehaviour ?? CapabilityBehaviours.DefaultFor(Kind);

    public ParameterSpec? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>The catalogue line the meta-agent sees: id, kind, typed signature, parameters, description.</summary>
    public string CatalogueLine()
    {
        var inputs = string.Join(", ", Inputs.Select(Name).Concat(OptionalInputs.Select(t => Name(t) + "?")));
        var outputs = string.Join(", ", Outputs.Select(Name));
        var parameters = Parameters.Count == 0 ? string.Empty : " [" + string.Join("; ", Parameters) + "]";
        return $"- {Id} ({Kind.ToString().ToLowerInvariant()}): ({inputs}) -> ({outputs}){parameters}. {Description}";
    }

    internal static string Name(ArtefactType type) => type.ToString().ToLowerInvariant();
}
