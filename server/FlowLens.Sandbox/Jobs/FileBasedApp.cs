namespace FlowLens.Sandbox.Jobs;

/// <summary>
/// What a .NET 10 file-based app (<c>dotnet run file.cs</c>) declares in its <c>#:</c> directives: <c>#:property Name=Value</c>
/// and <c>#:package Id@Version</c>. The directives are blanked out of the text (same length, so policed offsets hold),
/// with a first-line <c>#!</c>, since they are instructions to the SDK and the shell, not C#.
/// </summary>
internal sealed record FileBasedApp(IReadOnlyDictionary<string, string> Properties, IReadOnlyList<string> Packages, string Text)
{
    public static FileBasedApp Read(string text)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var packages = new List<string>();
        var chars = text.ToCharArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            var line = text[start..end].Trim();
            if (line.StartsWith("#:", StringComparison.Ordinal) || (start == 0 && line.StartsWith("#!", StringComparison.Ordinal)))
            {
                var directive = line[2..].Trim();
                var space = directive.IndexOf(' ', StringComparison.Ordinal);
                var kind = space < 0 ? directive : directive[..space];
                var value = space < 0 ? string.Empty : directive[(space + 1)..].Trim();
                if (kind == "property" && value.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals)
                {
                    properties[value[..equals].Trim()] = value[(equals + 1)..].Trim();
                }
                else if (kind == "package" && value.Length > 0)
                {
                    packages.Add(value);
                }

                for (var i = start; i < end; i++)
                {
                    if (chars[i] is not '\r')
                    {
                        chars[i] = ' ';
                    }
                }
            }
            else if (line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
            {
                // Directives come first; the SDK ignores none after code starts, but neither do we look further.
                break;
            }

            start = end + 1;
        }

        return new FileBasedApp(properties, packages, new string(chars));
    }

    /// <summary>A property switched on (<c>enable</c> or <c>true</c>), or <paramref name="fallback"/> when the file does not set it.</summary>
    public bool IsOn(string property, bool fallback) =>
        Properties.TryGetValue(property, out var value)
            ? value.Equals("enable", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase)
            : fallback;
}
