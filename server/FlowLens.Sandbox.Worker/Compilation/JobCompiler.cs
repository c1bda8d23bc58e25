using System.Globalization;
using FlowLens.Sandbox.Worker.Policy;
using FlowLens.Sandbox.Worker.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>
/// Turns a <see cref="WorkerJob"/> into in-memory assemblies with <see cref="CSharpCompilation"/> (emit to memory, never
/// scripting: script assemblies cannot be unloaded). Prepares program-style asserts and inserts the checks, checks the
/// policy on the semantic model, puts the run guard into the policed code (<see cref="GuardRewriter"/>), emits, and
/// scans the IL of every assembly that holds policed code.
/// </summary>
internal static class JobCompiler
{
    private const int MaxDiagnostics = 25;

    public static CompiledJob Compile(WorkerJob job)
    {
        ApiPolicy policy;
        string? policyProblem = null;
        try
        {
            policy = ApiPolicy.WithOverride(job.PolicyOverride);
        }
        catch (System.Text.Json.JsonException e)
        {
            policy = ApiPolicy.BuiltIn;
            policyProblem = "the workspace's .flowlens/sandbox-policy.json was ignored: " + e.Message;
        }

        var broken = new Dictionary<int, string>();
        var references = ReferenceSet.Core;
        while (true)
        {
            var result = TryCompile(job, policy, broken, references);
            if (!result.Compiled && result.MissingSymbols && references != ReferenceSet.All)
            {
                // Something is missing from the core references: the whole framework may have it (or the policy denies it).
                references = ReferenceSet.All;
                continue;
            }

            if (result.Compiled || result.Rejected.Count > 0 || result.BrokenExamples.Count == broken.Count)
            {
                if (policyProblem is not null)
                {
                    result.Diagnostics.Insert(0, policyProblem);
                }

                return result;
            }

            // Some checks did not compile: drop them (each is reported as an error) and compile the rest again.
            foreach (var (index, message) in result.BrokenExamples)
            {
                broken[index] = message;
            }
        }
    }

    private static CompiledJob TryCompile(WorkerJob job, ApiPolicy policy, Dictionary<int, string> broken, IReadOnlyList<MetadataReference> frameworkReferences)
    {
        var result = new CompiledJob();
        foreach (var (index, message) in broken)
        {
            result.BrokenExamples[index] = message;
        }

        var ownNames = job.Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var emitted = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
        var compiled = true;
        foreach (var project in job.Projects)
        {
            var parseOptions = ParseOptionsOf(project);
            var trees = new List<SyntaxTree>();
            var policed = new List<(SyntaxTree Tree, string Path, TextSpan Span, IReadOnlyList<TextSpan> Probes, IReadOnlyList<TextSpan> Generated)>();
            var exampleSpans = new List<(int Index, TextSpan Span)>();
            SyntaxTree? exampleTree = null;
            foreach (var source in project.Sources)
            {
                var (tree, span, probes, generated) = Prepare(job, project, source, parseOptions, result, broken, exampleSpans);
                trees.Add(tree);
                policed.Add((tree, source.Path, span, probes, generated));
                if (exampleSpans.Count > 0 && exampleTree is null && job.Examples is { } ex && ex.Project == project.Name && ex.Path == source.Path)
                {
                    exampleTree = tree;
                    var host = tree.GetRoot().FindToken(exampleSpans[0].Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
                    if (host is not null)
                    {
                        result.ExampleHost = (project.Name, TestDiscovery.MetadataName(host));
                    }
                }
            }

            if (project.InternalsVisibleTo.Count > 0)
            {
                var attributes = string.Concat(project.InternalsVisibleTo.Select(n => $"[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"{n}\")]\n"));
                trees.Add(CSharpSyntaxTree.ParseText(attributes, parseOptions, "InternalsVisibleTo.g.cs"));
            }

            var ownReferences = project.MetadataReferences.Count > 0;
            var references = (ownReferences ? ReferenceSet.FromPaths(project.MetadataReferences) : frameworkReferences.Concat(ReferenceSet.Files(project.AddedReferences)))
                .Concat(project.References.Where(emitted.ContainsKey).Select(r => emitted[r]));
            var options = new CSharpCompilationOptions(
                project.Executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: true,
                nullableContextOptions: project.Nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable,
                concurrentBuild: false);
            var compilation = CSharpCompilation.Create(project.Name, trees, references, options);
            if (project.AnalyzerReferences.Count > 0 && GeneratorLoader.Generators(project.AnalyzerReferences) is { Count: > 0 } generators)
            {
                // Generated files are the user's (their generators are trusted) and are not policed.
                CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions).RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
                compilation = (CSharpCompilation)generated;
            }

            var checker = new PolicyChecker(policy, ownNames);
            var anyPoliced = false;
            var models = new List<SemanticModel>();
            foreach (var (tree, path, span, probes, _) in policed)
            {
                anyPoliced |= !span.IsEmpty;
                var model = compilation.GetSemanticModel(tree);
                models.Add(model);
                checker.Check(model, path, span, probes);
            }

            result.Rejected.AddRange(checker.Violations);

            // The guard goes in after the policy check, so the policy judges the candidate's own code and never sees the
            // guard's calls. A rejected job never runs and is not rewritten.
            var guarded = new Dictionary<SyntaxTree, IReadOnlyList<SourceEdit>>();
            for (var i = 0; i < policed.Count && result.Rejected.Count == 0; i++)
            {
                var (tree, path, span, _, generated) = policed[i];
                var edits = GuardRewriter.Rewrite(models[i], span, generated);
                if (edits.Count == 0)
                {
                    continue;
                }

                var (text, _) = ProgramAssertRewriter.Apply(tree.GetText().ToString(), edits, span);
                var rewritten = CSharpSyntaxTree.ParseText(text, parseOptions, path);
                compilation = compilation.ReplaceSyntaxTree(tree, rewritten);
                guarded[rewritten] = edits;
                if (tree == exampleTree)
                {
                    exampleTree = rewritten;
                }
            }

            using var pe = new MemoryStream();
            var emit = compilation.Emit(pe);
            var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            result.MissingSymbols |= !ownReferences && errors.Any(e => ReferenceSet.MayNeedMore(e.Id));
            if (exampleTree is not null)
            {
                foreach (var error in errors.Where(e => e.Location.SourceTree == exampleTree))
                {
                    var at = Unguarded(guarded, error.Location);
                    foreach (var (index, span) in exampleSpans.Where(s => s.Span.Contains(at)))
                    {
                        result.BrokenExamples.TryAdd(index, "check did not compile: " + error.GetMessage(CultureInfo.InvariantCulture));
                    }
                }
            }

            result.Diagnostics.AddRange(errors.Take(MaxDiagnostics - result.Diagnostics.Count).Select(e => Format(e, guarded)));
            if (!emit.Success)
            {
                compiled = false;
                DiscoverRemaining(job, project, result);
                break;
            }

            var image = pe.ToArray();
            if (anyPoliced)
            {
                result.Rejected.AddRange(IlScanner.Scan(image, project.Name, policy, checker.PolicedUses, checker.TrustedIdentifiers));
            }

            result.Images.Add((project.Name, image));
            emitted[project.Name] = MetadataReference.CreateFromImage(image);
        }

        result.Compiled = compiled;
        return result;
    }

    /// <returns>The tree to compile; where the policed code lies in it; where the rewritten asserts lie (only there may
    /// code name the assert probe); and everything this inserted (asserts and checks, which the guard leaves alone).</returns>
    private static (SyntaxTree Tree, TextSpan Policed, IReadOnlyList<TextSpan> Probes, IReadOnlyList<TextSpan> Generated) Prepare(
        WorkerJob job, JobProject project, JobSource source, CSharpParseOptions parseOptions, CompiledJob result,
        Dictionary<int, string> broken, List<(int Index, TextSpan Span)> exampleSpans)
    {
        var text = source.Text;
        var policed = source.PolicedLength switch
        {
            < 0 => new TextSpan(0, text.Length),
            0 => new TextSpan(0, 0),
            _ => new TextSpan(source.PolicedStart, source.PolicedLength),
        };
        var tree = CSharpSyntaxTree.ParseText(text, parseOptions, source.Path);
        var edits = new List<SourceEdit>();
        if (source.IsTests && job.Mode == JobMode.Program)
        {
            edits.AddRange(ProgramAssertRewriter.Rewrite(tree, policed, source.PolicedLength < 0, result.Asserts));
        }

        var assertEdits = edits.Count;

        if (source.IsTests && job.Mode == JobMode.Xunit && !Frameworks.FrameworkRun.Applies(job))
        {
            result.Tests.AddRange(TestDiscovery.Find(tree));
        }

        if (job.Examples is { Items.Count: > 0 } examples && examples.Project == project.Name && examples.Path == source.Path)
        {
            var insertAt = Math.Clamp(examples.InsertAt, 0, text.Length);
            var block = new System.Text.StringBuilder();
            var modifier = examples.IsStatic ? "static " : string.Empty;
            var shift = edits.Where(e => e.Start + e.Length <= insertAt).Sum(e => e.Text.Length - e.Length);
            for (var i = 0; i < examples.Items.Count; i++)
            {
                if (broken.ContainsKey(i))
                {
                    continue;
                }

                var item = examples.Items[i];
                var start = block.Length;
                block.Append($" public {modifier}object? __flowlens_check_{i}() => (object?)({OneLine(item.Call)});");
                if (item.Expected is not null && IsCollectionExpression(item.Expected))
                {
                    // [1, 2, 3] has no type of its own: give it the call's type (the lambda is never invoked).
                    block.Append($" public {modifier}object? __flowlens_expect_{i}() => (object?)__flowlens_as(() => ({OneLine(item.Call)}), {OneLine(item.Expected)});");
                }
                else if (item.Expected is not null)
                {
                    block.Append($" public {modifier}object? __flowlens_expect_{i}() => (object?)({OneLine(item.Expected)});");
                }

                exampleSpans.Add((i, TextSpan.FromBounds(insertAt + shift + start, insertAt + shift + block.Length)));
            }

            block.Append(" private static T __flowlens_as<T>(global::System.Func<T> call, T value) => value;");
            edits.Add(new SourceEdit(insertAt, 0, block.ToString()));
        }

        if (edits.Count == 0)
        {
            return (tree, policed, [], []);
        }

        var (newText, newPoliced) = ProgramAssertRewriter.Apply(text, edits, policed);
        if (source.PolicedLength < 0)
        {
            newPoliced = new TextSpan(0, newText.Length);
        }

        // Where the rewritten asserts lie: only there may code name the assert probe.
        var assertSet = edits.Take(assertEdits).ToHashSet();
        var inserted = ProgramAssertRewriter.NewSpans(edits).ToList();
        var probes = inserted.Where(p => assertSet.Contains(p.Edit)).Select(p => p.Span).ToList();
        return (CSharpSyntaxTree.ParseText(newText, parseOptions, source.Path), newPoliced, probes, inserted.Select(p => p.Span).ToList());
    }

    /// <summary>
    /// The names of every test the job would report (program asserts, or xunit tests and theory rows), from the syntax
    /// alone and exactly as <see cref="Compile"/> names them. The parent uses this when the worker dies or is killed,
    /// so the report still lists every test and the total stays the number of the user's tests.
    /// </summary>
    public static IReadOnlyList<string> ListTests(WorkerJob job)
    {
        if (Frameworks.FrameworkRun.Applies(job))
        {
            // The framework discovers its tests; without it only the selection is known by name.
            return job.SelectedTests ?? [];
        }

        var names = new List<string>();
        var sites = new List<AssertSite>();
        foreach (var project in job.Projects)
        {
            var parseOptions = ParseOptionsOf(project);
            foreach (var source in project.Sources.Where(s => s.IsTests))
            {
                var tree = CSharpSyntaxTree.ParseText(source.Text, parseOptions, source.Path);
                if (job.Mode == JobMode.Program)
                {
                    var policed = source.PolicedLength switch
                    {
                        < 0 => new TextSpan(0, source.Text.Length),
                        0 => new TextSpan(0, 0),
                        _ => new TextSpan(source.PolicedStart, source.PolicedLength),
                    };
                    ProgramAssertRewriter.Rewrite(tree, policed, source.PolicedLength < 0, sites);
                }
                else if (job.Mode == JobMode.Xunit)
                {
                    names.AddRange(TestDiscovery.Find(tree).Select(t => t.DisplayName));
                }
            }
        }

        names.AddRange(sites.Select(s => s.Name));
        return names;
    }

    /// <summary>When a project fails, the projects after it are not compiled, but their tests are still listed (as errors).</summary>
    private static void DiscoverRemaining(WorkerJob job, JobProject failed, CompiledJob result)
    {
        if (job.Mode != JobMode.Xunit || Frameworks.FrameworkRun.Applies(job))
        {
            return;
        }

        foreach (var project in job.Projects.SkipWhile(p => p != failed).Skip(1))
        {
            var parseOptions = ParseOptionsOf(project);
            foreach (var source in project.Sources.Where(s => s.IsTests))
            {
                result.Tests.AddRange(TestDiscovery.Find(CSharpSyntaxTree.ParseText(source.Text, parseOptions, source.Path)));
            }
        }
    }

    private static CSharpParseOptions ParseOptionsOf(JobProject project)
    {
        var version = project.LanguageVersion is { } text && LanguageVersionFacts.TryParse(text, out var parsed) ? parsed : LanguageVersion.Latest;
        return new CSharpParseOptions(version, DocumentationMode.None, SourceCodeKind.Regular, project.PreprocessorSymbols);
    }

    private static bool IsCollectionExpression(string expected)
    {
        var trimmed = expected.Trim();
        return trimmed.StartsWith('[') && trimmed.EndsWith(']');
    }

    /// <summary>Checks are inserted on the method's last line, so no line of the user's file moves.</summary>
    private static string OneLine(string code) => code.ReplaceLineEndings(" ");

    /// <summary>Where a diagnostic points in the text before the guard went in (the guard moves columns, never lines).</summary>
    private static TextSpan Unguarded(Dictionary<SyntaxTree, IReadOnlyList<SourceEdit>> guarded, Location location)
    {
        if (location.SourceTree is not { } tree || !guarded.TryGetValue(tree, out var edits))
        {
            return location.SourceSpan;
        }

        var start = GuardRewriter.Original(edits, location.SourceSpan.Start);
        return TextSpan.FromBounds(start, Math.Max(start, GuardRewriter.Original(edits, location.SourceSpan.End)));
    }

    private static string Format(Diagnostic diagnostic, Dictionary<SyntaxTree, IReadOnlyList<SourceEdit>> guarded)
    {
        var location = diagnostic.Location;
        var span = location.GetLineSpan();
        if (location.SourceTree is { } tree && guarded.ContainsKey(tree))
        {
            // Lines are the same before and after the guard; the column is counted in the unguarded line.
            var start = Unguarded(guarded, location).Start;
            var line = tree.GetText().Lines[span.StartLinePosition.Line];
            var before = GuardRewriter.Original(guarded[tree], line.Start);
            span = new FileLinePositionSpan(span.Path, new LinePosition(span.StartLinePosition.Line, start - before), span.EndLinePosition);
        }

        var where = location.IsInSource ? $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : string.Empty;
        return $"{where}error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }
}
