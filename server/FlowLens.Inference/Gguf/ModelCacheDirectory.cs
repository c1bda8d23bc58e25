namespace FlowLens.Inference;

/// <summary>Where models live: <c>$XDG_CACHE_HOME/flowlens/models</c>, else <c>~/.cache/flowlens/models</c>.</summary>
public static class ModelCacheDirectory
{
    public static string Default
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrWhiteSpace(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "flowlens", "models");
        }
    }
}
