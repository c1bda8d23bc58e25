namespace FlowLens.Core.Capabilities;

/// <summary>
/// The capability library: the built-ins from <c>prompts/capabilities/</c> plus a workspace's additions and
/// overrides from <c>.flowlens/capabilities/</c>. Loading never fails because of one bad file: the file's error is
/// recorded and the rest load.
/// </summary>
public sealed class CapabilityLibrary
{
    private readonly Dictionary<string, Capability> _byId;

    public CapabilityLibrary(IEnumerable<Capability> capabilities, IReadOnlyList<CapabilityFileException> errors)
    {
        _byId = [];
        foreach (var capability in capabilities)
        {
            _byId[capability.Id] = capability; // later sources override earlier ones
        }

        Capabilities = _byId.Values.OrderBy(c => c.Order).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        Errors = errors;
    }

    /// <summary>All capabilities, in stitching order.</summary>
    public IReadOnlyList<Capability> Capabilities { get; }

    /// <summary>Files that could not be loaded, each with its file and line.</summary>
    public IReadOnlyList<CapabilityFileException> Errors { get; }

    public Capability this[string id] => _byId.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"no capability '{id}' in the library");

    public bool TryGet(string id, out Capability capability) => _byId.TryGetValue(id, out capability!);

    /// <summary>Loads the built-ins from <paramref name="builtInDirectory"/>, then the workspace's overrides, if any.</summary>
    public static CapabilityLibrary Load(string builtInDirectory, string? workspaceRoot = null)
    {
        var capabilities = new List<Capability>();
        var errors = new List<CapabilityFileException>();
        LoadDirectory(builtInDirectory, capabilities, errors);
        if (workspaceRoot is not null)
        {
            var builtIns = capabilities.ToDictionary(c => c.Id, c => c.NamedBehaviour);
            var overrides = new List<Capability>();
            LoadDirectory(Path.Combine(workspaceRoot, ".flowlens", "capabilities"), overrides, errors);

            // An override that names no behaviour changes the prompt or the parameters, not what the step does.
            capabilities.AddRange(overrides.Select(c => c.NamedBehaviour is null && builtIns.TryGetValue(c.Id, out var inherited) ? c with { NamedBehaviour = inherited } : c));
        }

        return new CapabilityLibrary(capabilities, errors);
    }

    private static void LoadDirectory(string directory, List<Capability> capabilities, List<CapabilityFileException> errors)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.md").Order(StringComparer.Ordinal))
        {
            try
            {
                capabilities.Add(CapabilityFileParser.Parse(file, File.ReadAllText(file)));
            }
            catch (CapabilityFileException error)
            {
                errors.Add(error);
            }
        }
    }
}
