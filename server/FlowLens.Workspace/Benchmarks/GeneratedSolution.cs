using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Workspace.Benchmarks;

/// <summary>
/// A generated solution for measuring context assembly: <c>projects</c> library projects in a chain (each references
/// the two before it) with records, classes and extension classes, the last holding the task's class, and one test
/// project per ten libraries calling the task's method. Built in memory with the running runtime's assemblies, so
/// the measurement is of Roslyn and the assembler, not of MSBuild or a package restore.
/// </summary>
public sealed class GeneratedSolution
{
    private GeneratedSolution(Solution solution, string targetPath, string targetText)
    {
        Solution = solution;
        TargetPath = targetPath;
        TargetText = targetText;
    }

    public Solution Solution { get; }

    /// <summary>The file holding the task (its path in the solution).</summary>
    public string TargetPath { get; }

    public string TargetText { get; }

    public int ProjectCount => Solution.ProjectIds.Count;

    public int DocumentCount => Solution.Projects.Sum(p => p.DocumentIds.Count);

    public static GeneratedSolution Create(int libraries, int typesPerProject)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(libraries, 2);
        var runtime = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var ids = new List<ProjectId>();
        var root = Path.Combine(Path.GetTempPath(), "flowlens-bench-context");
        string? targetPath = null;
        string? targetText = null;
        for (var p = 0; p < libraries; p++)
        {
            var name = Name(p);
            var id = ProjectId.CreateNewId(name);
            var references = ids.Skip(Math.Max(0, p - 2)).Select(r => new ProjectReference(r));
            solution = solution.AddProject(ProjectInfo.Create(id, VersionStamp.Default, name, name, LanguageNames.CSharp, filePath: Path.Combine(root, name, name + ".csproj"), compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary), projectReferences: references, metadataReferences: runtime));
            ids.Add(id);
            for (var t = 0; t < typesPerProject; t++)
            {
                solution = AddDocument(solution, id, Path.Combine(root, name, $"Type{t}.cs"), LibraryType(p, t));
            }

            if (p == libraries - 1)
            {
                targetPath = Path.Combine(root, name, "Target.cs");
                targetText = Target(p);
                solution = AddDocument(solution, id, targetPath, targetText);
            }
        }

        for (var t = 0; t < Math.Max(1, libraries / 10); t++)
        {
            var name = $"Generated.Tests{t}";
            var id = ProjectId.CreateNewId(name);
            solution = solution.AddProject(ProjectInfo.Create(id, VersionStamp.Default, name + ".Tests", name, LanguageNames.CSharp, filePath: Path.Combine(root, name, name + ".csproj"), compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary), projectReferences: ids.Select(r => new ProjectReference(r)), metadataReferences: runtime));
            solution = AddDocument(solution, id, Path.Combine(root, name, "TargetTests.cs"), Tests(libraries - 1, t));
        }

        return new GeneratedSolution(solution, targetPath!, targetText!);
    }

    private static Solution AddDocument(Solution solution, ProjectId project, string path, string text) =>
        solution.AddDocument(DocumentId.CreateNewId(project), Path.GetFileName(path), SourceText.From(text), filePath: path);

    private static string Name(int project) => string.Create(CultureInfo.InvariantCulture, $"Generated.P{project:00}");

    private static string LibraryType(int p, int t)
    {
        var ns = Name(p);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"using System;\nusing System.Collections.Generic;\nusing System.Linq;\n\nnamespace {ns};\n\n");
        text.Append(CultureInfo.InvariantCulture, $"public sealed record Item{t}(string Name, int Count, decimal Price);\n\n");
        text.Append(CultureInfo.InvariantCulture, $"public class Service{t}\n{{\n    private readonly List<Item{t}> _items = new();\n\n");
        for (var m = 0; m < 12; m++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    public decimal Compute{m}(Item{t} item, int factor)\n    {{\n        var total = item.Price * factor;\n        foreach (var other in _items)\n        {{\n            total += other.Count;\n        }}\n\n        return total + {m};\n    }}\n\n");
        }

        text.Append("}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"public static class Item{t}Extensions\n{{\n    public static decimal Value(this Item{t} item) => item.Price * item.Count;\n}}\n");
        return text.ToString();
    }

    private static string Target(int p)
    {
        var before = Name(p - 1);
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using {{before}};

            namespace {{Name(p)}};

            public sealed class Basket
            {
                private readonly List<Item0> _items = new();
                private readonly Service1 _pricing = new();
                private readonly string _currency;

                public Basket(string currency) => _currency = currency;

                public void Add(Item0 item) => _items.Add(item);

                // TASK: The basket's total: the sum of each item's value, priced by the pricing service, rounded to cents.
                public decimal Total(Item2 extra)
                {
                    throw new NotImplementedException();
                }

                private static decimal Round(decimal amount) => Math.Round(amount, 2);
            }
            """;
    }

    private static string Tests(int p, int t) => $$"""
        using {{Name(p)}};
        using {{Name(p - 1)}};

        namespace Generated.Tests{{t}};

        public sealed class BasketTests
        {
            public void Totals_an_empty_basket()
            {
                var basket = new Basket("EUR");
                if (basket.Total(new Item2("x", 1, 1m)) != 0m) throw new InvalidOperationException();
            }
        }
        """;
}
