using System.Xml.Linq;

namespace FlowLens.Sandbox.Jobs;

/// <summary>What the sandbox reads from a <c>.csproj</c>: enough to compile its sources the way the SDK would.</summary>
internal sealed record ProjectFile(
    string Path,
    string AssemblyName,
    bool ImplicitUsings,
    bool Nullable,
    IReadOnlyList<string> GlobalUsings,
    IReadOnlyList<string> ProjectReferences,
    IReadOnlyList<string> PackageReferences,
    IReadOnlyList<string> InternalsVisibleTo)
{
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static ProjectFile Read(string path)
    {
        var document = XDocument.Load(path);
        var elements = document.Descendants().ToList();
        string? Property(string name) => elements.LastOrDefault(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup")?.Value.Trim();
        IEnumerable<XElement> Items(string name) => elements.Where(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "ItemGroup");
        static bool On(string? value) => value is not null && (value.Equals("enable", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase));

        var usings = new List<string>();
        foreach (var item in Items("Using"))
        {
            var include = (string?)item.Attribute("Include");
            var remove = (string?)item.Attribute("Remove");
            if (remove is not null)
            {
                usings.RemoveAll(u => u.EndsWith(" " + remove, StringComparison.Ordinal));
            }

            if (include is null)
            {
                continue;
            }

            var alias = (string?)item.Attribute("Alias");
            var isStatic = string.Equals((string?)item.Attribute("Static"), "true", StringComparison.OrdinalIgnoreCase);
            usings.Add(alias is not null ? $"{alias} = global::{include}" : isStatic ? $"static global::{include}" : $"global::{include}");
        }

        var directory = System.IO.Path.GetDirectoryName(path)!;
        return new ProjectFile(
            System.IO.Path.GetFullPath(path),
            Property("AssemblyName") ?? System.IO.Path.GetFileNameWithoutExtension(path),
            On(Property("ImplicitUsings")),
            On(Property("Nullable")),
            usings,
            Items("ProjectReference").Select(i => (string?)i.Attribute("Include")).OfType<string>()
                .Select(p => System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, p.Replace('\\', System.IO.Path.DirectorySeparatorChar)))).ToList(),
            Items("PackageReference").Select(i => (string?)i.Attribute("Include")).OfType<string>().ToList(),
            Items("InternalsVisibleTo").Select(i => (string?)i.Attribute("Include")).OfType<string>().ToList());
    }
}
