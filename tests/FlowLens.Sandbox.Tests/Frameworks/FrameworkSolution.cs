using System.Collections.Concurrent;
using System.Text.Json;

namespace FlowLens.Sandbox.Tests.Frameworks;

/// <summary>
/// One fixture solution under tests/fixtures/frameworks, built once per test run in a temporary copy: its compile
/// references (MSBuild's ReferencePathWithRefAssemblies), its runtime assemblies (the test project's bin folder), and
/// what <c>dotnet test</c> says of every test with the correct body and with the broken body: the oracle.
/// </summary>
internal sealed class FrameworkSolution
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<FrameworkSolution>>> Built = new(StringComparer.Ordinal);
    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(8);

    private FrameworkSolution(string name, string copy)
    {
        Name = name;
        Copy = copy;
    }

    public string Name { get; }

    /// <summary>The temporary copy the CLI built and tested.</summary>
    public string Copy { get; }

    public string Folder => Path.Combine(Paths.Fixtures, "frameworks", Name);

    public IReadOnlyList<string> MetadataReferences { get; private set; } = [];

    public IReadOnlyList<string> RuntimeAssemblies { get; private set; } = [];

    public IReadOnlyList<string> PreprocessorSymbols { get; private set; } = [];

    public string? LanguageVersion { get; private set; }

    public IReadOnlyDictionary<string, string> CorrectOracle { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> BrokenOracle { get; private set; } = new Dictionary<string, string>();

    /// <summary>The global usings the SDK generated for a project (ImplicitUsings), from the build's obj folder.</summary>
    public string GlobalUsings(string project) => File.ReadAllText(Path.Combine(Copy, project, "obj", "Debug", "net10.0", project + ".GlobalUsings.g.cs"));

    public static Task<FrameworkSolution> GetAsync(string name) => Built.GetOrAdd(name, n => new Lazy<Task<FrameworkSolution>>(() => BuildAsync(n))).Value;

    private static async Task<FrameworkSolution> BuildAsync(string name)
    {
        var copy = Directory.CreateTempSubdirectory("flowlens-framework-" + name + "-").FullName;
        var solution = new FrameworkSolution(name, copy);
        CopyTree(solution.Folder, copy);

        // The build answers MSBuild's own questions: the resolved compile references and the defines.
        var (code, output) = await DotnetProcess.RunAsync(copy, ["build", "Shop.Tests/Shop.Tests.csproj", "-t:Build", "-getItem:ReferencePathWithRefAssemblies", "-getProperty:DefineConstants", "-getProperty:LangVersion"], DotnetTimeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"building fixture {name} failed:\n{output}");
        }

        // The JSON answer may be followed by the build's warnings (analyzers the fixture's packages bring): read one value.
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output[output.IndexOf('{', StringComparison.Ordinal)..]));
        using (var json = JsonDocument.ParseValue(ref reader))
        {
            solution.MetadataReferences = json.RootElement.GetProperty("Items").GetProperty("ReferencePathWithRefAssemblies").EnumerateArray()
                .Select(i => i.GetProperty("FullPath").GetString()!)
                .Where(p => Path.GetFileNameWithoutExtension(p) != "Shop")
                .ToList();
            var properties = json.RootElement.GetProperty("Properties");
            solution.PreprocessorSymbols = properties.GetProperty("DefineConstants").GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries);
            solution.LanguageVersion = properties.GetProperty("LangVersion").GetString();
        }

        var bin = Path.Combine(copy, "Shop.Tests", "bin", "Debug", "net10.0");
        solution.RuntimeAssemblies = Directory.GetFiles(bin, "*.dll").Where(p => Path.GetFileNameWithoutExtension(p) is not ("Shop" or "Shop.Tests")).ToList();

        solution.CorrectOracle = await TestAsync(copy, "correct", build: false);
        var library = Path.Combine(copy, "Shop", "PriceCalculator.cs");
        await File.WriteAllTextAsync(library, PriceCalculatorSource.WithBody(await File.ReadAllTextAsync(library), await File.ReadAllTextAsync(Path.Combine(copy, "broken-body.txt"))));
        solution.BrokenOracle = await TestAsync(copy, "broken", build: true);
        return solution;
    }

    private static async Task<IReadOnlyDictionary<string, string>> TestAsync(string copy, string label, bool build)
    {
        var trx = Path.Combine(copy, label + ".trx");
        List<string> arguments = ["test", "Shop.Tests/Shop.Tests.csproj", "--logger", "trx;LogFileName=" + trx];
        if (!build)
        {
            arguments.Add("--no-build");
        }

        var (_, output) = await DotnetProcess.RunAsync(copy, arguments, DotnetTimeout);
        return File.Exists(trx) ? TrxOutcomes.Read(trx) : throw new InvalidOperationException($"dotnet test wrote no TRX for the {label} body:\n{output}");
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // The fixtures folder's props stop MSBuild's upward search in the repository; the copy needs them too.
        File.Copy(Path.Combine(Paths.Fixtures, "Directory.Build.props"), Path.Combine(to, "Directory.Build.props"));
        File.Copy(Path.Combine(Paths.Fixtures, "frameworks", "Directory.Packages.props"), Path.Combine(to, "Directory.Packages.props"));
    }
}
