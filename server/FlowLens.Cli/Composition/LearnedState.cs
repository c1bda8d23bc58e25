using System.Security.Cryptography;
using System.Text;

namespace FlowLens.Cli.Composition;

/// <summary>
/// Where a workspace keeps what FlowLens learned: priors and the replay buffer live under
/// <c>.flowlens/state/models/KEY/</c>, one folder per model (a local file by name and content hash, a server's model by
/// backend and name), so one model's experience never steers another. Trajectories stay in <c>.flowlens/state/</c>.
/// </summary>
internal static class LearnedState
{
    public static string StateDirectory(string workspaceRoot) => Path.Combine(workspaceRoot, ".flowlens", "state");

    public static string ModelsDirectory(string workspaceRoot) => Path.Combine(StateDirectory(workspaceRoot), "models");

    public static string ForModel(string workspaceRoot, string modelKey) => Path.Combine(ModelsDirectory(workspaceRoot), modelKey);

    /// <summary>Every model folder with learned state in the workspace, by key.</summary>
    public static IReadOnlyList<(string Key, string Directory)> Models(string workspaceRoot)
    {
        var models = ModelsDirectory(workspaceRoot);
        return Directory.Exists(models)
            ? Directory.EnumerateDirectories(models).Order(StringComparer.Ordinal).Select(d => (Path.GetFileName(d), d)).ToList()
            : [];
    }

    /// <summary>
    /// A local model's key: its file name and a hash of its size and first mebibyte (GGUF headers and metadata differ
    /// between models, and hashing gigabytes on every start would be slow).
    /// </summary>
    public static string LocalModelKey(string modelPath)
    {
        var info = new FileInfo(modelPath);
        using var stream = info.OpenRead();
        var head = new byte[(int)Math.Min(info.Length, 1 << 20)];
        stream.ReadExactly(head);
        var hash = SHA256.HashData([.. head, .. Encoding.UTF8.GetBytes(info.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return Sanitize(Path.GetFileNameWithoutExtension(modelPath)) + "-" + Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>A server model's key: the backend and the model's name.</summary>
    public static string ServerModelKey(string backend, string model) => Sanitize(backend + "-" + model);

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return builder.Length == 0 ? "model" : builder.ToString();
    }
}
