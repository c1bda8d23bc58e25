using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FlowLens.Core.Projects;

namespace FlowLens.Workspace;

/// <summary>
/// Core's <see cref="IPackageResolver"/> as <c>dotnet run app.cs</c> resolves <c>#:package</c>: a generated project
/// holding those PackageReferences is restored with <c>dotnet restore</c> (time-limited, with the NuGet.config that
/// applies to the app), and its <c>project.assets.json</c> gives the compile and runtime assemblies. Each package set is
/// restored once: in memory for the process, on disk (one folder per set) across processes.
/// </summary>
public sealed class PackageSetRestore(PackageRestoreOptions options) : IPackageResolver
{
    private const string Marker = "restored";

    private readonly ConcurrentDictionary<string, Lazy<Task<ResolvedPackages>>> _sets = new(StringComparer.Ordinal);

    public PackageSetRestore()
        : this(PackageRestoreOptions.Default)
    {
    }

    public async Task<ResolvedPackages> ResolveAsync(IReadOnlyList<string> packages, string appDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var references = new List<(string Name, string Version)>();
        foreach (var package in packages)
        {
            if (Parse(package) is not { } reference)
            {
                return ResolvedPackages.Failed($"#:package {package}: expected Name@Version (for example Newtonsoft.Json@13.0.3)");
            }

            references.Add(reference);
        }

        if (references.Count == 0)
        {
            return new ResolvedPackages([], [], null);
        }

        var config = NuGetConfigFor(appDirectory);
        var key = KeyOf(references, config);
        var entry = _sets.GetOrAdd(key, k => new Lazy<Task<ResolvedPackages>>(() => RestoreAsync(k, references, config)));
        var resolved = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (resolved.Error is not null)
        {
            // A failed restore is not kept: the user may fix the name, the feed or the network and try again.
            _sets.TryRemove(KeyValuePair.Create(key, entry));
        }

        return resolved;
    }

    /// <summary>Restores the set in its own folder, or reads it when an earlier process restored it already.</summary>
    private async Task<ResolvedPackages> RestoreAsync(string key, List<(string Name, string Version)> references, string? config)
    {
        var folder = Path.Combine(options.EffectiveCacheFolder, key);
        var assets = Path.Combine(folder, "obj", "project.assets.json");
        var described = string.Join(", ", references.Select(r => $"{r.Name}@{r.Version}"));
        if (!File.Exists(Path.Combine(folder, Marker)) || !File.Exists(assets))
        {
            Directory.CreateDirectory(folder);
            var project = Path.Combine(folder, "packages.csproj");
            await File.WriteAllTextAsync(project, ProjectText(references), CancellationToken.None).ConfigureAwait(false);
            var timeout = options.EffectiveTimeout;

            // The restore is shared by every candidate waiting for this set, so no single caller's cancellation stops it.
            var run = await ProjectRestore.RunAsync(project, config is null ? [] : ["--configfile", config], timeout, CancellationToken.None).ConfigureAwait(false);
            if (run.TimedOut)
            {
                return ResolvedPackages.Failed($"#:package {described} could not be restored: dotnet restore did not finish within {timeout.TotalSeconds:0} s");
            }

            if (run.ExitCode != 0)
            {
                return ResolvedPackages.Failed($"#:package {described} could not be restored: {FirstError(run.Output)}");
            }

            await File.WriteAllTextAsync(Path.Combine(folder, Marker), described, CancellationToken.None).ConfigureAwait(false);
        }

        var restored = RestoredAssets.Read(assets);
        return new ResolvedPackages(restored.CompileAssemblies, restored.RuntimeAssemblies, null);
    }

    private static (string Name, string Version)? Parse(string package)
    {
        var at = package.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == package.Length - 1)
        {
            return null;
        }

        var name = package[..at].Trim();
        var version = package[(at + 1)..].Trim();
        var valid = name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '*' or '[' or ']' or '(' or ')' or ',' or ' ');
        return valid && name.Length > 0 && version.Length > 0 ? (name, version) : null;
    }

    private static string ProjectText(IEnumerable<(string Name, string Version)> references)
    {
        var framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var items = string.Concat(references.Select(r => $"    <PackageReference Include=\"{r.Name}\" Version=\"{r.Version}\" />\n"));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{framework}</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
            {items}  </ItemGroup>
            </Project>

            """;
    }

    /// <summary>The NuGet.config nearest to the app (as the SDK would find it from the app's folder), or null.</summary>
    private static string? NuGetConfigFor(string appDirectory)
    {
        for (var directory = Path.GetFullPath(appDirectory); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var config = Directory.EnumerateFiles(directory).FirstOrDefault(f => Path.GetFileName(f).Equals("nuget.config", StringComparison.OrdinalIgnoreCase));
            if (config is not null)
            {
                return config;
            }
        }

        return null;
    }

    private static string KeyOf(IEnumerable<(string Name, string Version)> references, string? config)
    {
        var text = string.Join("\n", references.Select(r => $"{r.Name.ToUpperInvariant()}@{r.Version}").Order(StringComparer.Ordinal)) + "\n" + config;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>NuGet's first error without the project path around it (<c>NU1101: Unable to find package ...</c>), or the last line.</summary>
    private static string FirstError(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.FirstOrDefault(l => l.Contains("error NU", StringComparison.Ordinal)) ?? lines.FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal));
        if (error is null)
        {
            return lines.LastOrDefault() ?? "dotnet restore failed without a message";
        }

        var start = error.IndexOf("error ", StringComparison.Ordinal) + "error ".Length;
        var end = error.LastIndexOf(" [", StringComparison.Ordinal);
        return (end > start ? error[start..end] : error[start..]).Trim();
    }
}
