using System.Reflection;
using FlowLens.Sandbox.Worker.Compilation;
using FlowLens.Sandbox.Worker.Frameworks;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// Runs one compiled job inside a collectible context: program-style <c>Main</c>, xunit tests by reflection (no xunit
/// runner), and the checks. Every test runs under <see cref="TimedRun"/>. A timeout or runaway recursion that the
/// <see cref="RunGuard"/> stopped is that test's outcome and the rest still run (up to <see cref="MaxTimeouts"/>
/// timeouts, so a candidate that loops on every input does not run into the parent's run timeout); after a timeout the
/// guard could not stop, the rest are reported as not run and the worker asks to be replaced.
/// </summary>
internal sealed class JobRunner(WorkerJob job, CompiledJob compiled)
{
    /// <summary>Timeouts per job after which the remaining tests and checks are not run.</summary>
    private const int MaxTimeouts = 3;

    private readonly List<ResultTest> _tests = [];
    private readonly List<ResultExample> _examples = [];
    private int _timeouts;

    /// <summary>Why the remaining tests and checks are not run, or null while they still run.</summary>
    private string? _notRun;

    public bool Recycle { get; private set; }

    public IReadOnlyList<ResultTest> Tests => _tests;

    public IReadOnlyList<ResultExample> Examples => _examples;

    /// <summary>What ran the tests, when a project's own test framework did.</summary>
    public string? Runner { get; private set; }

    /// <summary>Why the project's own test framework cannot run here (the parent falls back to <c>dotnet test</c>).</summary>
    public string? Unsupported { get; private set; }

    /// <summary>What the test framework said besides results (load errors, a test that could not be stopped).</summary>
    public List<string> Diagnostics { get; } = [];

    /// <summary>Reports every discovered test and check without running anything (the candidate did not compile or was rejected).</summary>
    public void ReportNotRun(string message)
    {
        foreach (var site in compiled.Asserts)
        {
            _tests.Add(new ResultTest(site.Name, ResultOutcome.Error, message, 0));
        }

        foreach (var test in compiled.Tests)
        {
            _tests.Add(new ResultTest(test.DisplayName, ResultOutcome.Error, message, 0));
        }

        if (FrameworkRun.Applies(job))
        {
            // The framework never ran, so only the selection is known by name; without one, the run is the one result.
            foreach (var name in job.SelectedTests ?? [])
            {
                _tests.Add(new ResultTest(name, ResultOutcome.Error, message, 0));
            }

            if (job.SelectedTests is not { Count: > 0 })
            {
                _tests.Add(new ResultTest("run", ResultOutcome.Error, "no test ran: " + message, 0));
            }
        }

        for (var i = 0; i < (job.Examples?.Items.Count ?? 0); i++)
        {
            _examples.Add(new ResultExample(i, ResultOutcome.Error, null, compiled.BrokenExamples.GetValueOrDefault(i, message)));
        }
    }

    public void Run()
    {
        var context = new CandidateLoadContext(job.Projects.SelectMany(p => p.RuntimeAssemblies));
        var framework = FrameworkRun.Applies(job);
        var folder = framework ? Directory.CreateTempSubdirectory("flowlens-job-").FullName : null;
        try
        {
            var assemblies = compiled.Images
                .Select(i => (i.Name, Assembly: folder is null ? context.Add(i.Image) : context.AddFile(folder, i.Name, i.Image)))
                .ToDictionary(p => p.Name, p => p.Assembly, StringComparer.Ordinal);
            RunExamples(assemblies);
            if (framework)
            {
                RunFramework(context, assemblies);
            }
            else if (job.Mode == JobMode.Program)
            {
                RunProgram(assemblies[job.Projects[^1].Name]);
            }
            else if (job.Mode == JobMode.Xunit)
            {
                RunXunit(assemblies);
            }
        }
        finally
        {
            context.Unload();
            if (folder is not null)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // A file still open stays behind in the temp folder; the job's results do not depend on it.
                }
            }
        }
    }

    private void RunProgram(Assembly assembly)
    {
        var entry = assembly.EntryPoint;
        AssertProbe.Reset(compiled.Asserts.Count);
        if (entry is null)
        {
            ReportNotRun("the program has no Main method");
            return;
        }

        var arguments = entry.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() };
        var (finished, error, ms, trip) = TimedRun.Run(() => Await(entry.Invoke(null, arguments)), job.TestTimeoutMs);

        // A stopped program is judged by why it was stopped, whatever it did with the guard's exception.
        var timedOut = !finished || trip == GuardTrip.Deadline;
        if (trip == GuardTrip.Stack)
        {
            error = new InsufficientExecutionStackException(RunGuard.StackMessage);
        }

        var interrupted = timedOut ? -1 : AssertProbe.Current;
        var executed = 0;
        foreach (var site in compiled.Asserts)
        {
            var passed = AssertProbe.Passed(site.Index);
            var failed = AssertProbe.Failed(site.Index);
            executed += passed + failed;
            var share = compiled.Asserts.Count == 0 ? ms : ms / compiled.Asserts.Count;
            if (failed > 0)
            {
                _tests.Add(new ResultTest(site.Name, ResultOutcome.Failed, $"Debug.Assert failed at line {site.Line}", share));
            }
            else if (passed > 0)
            {
                _tests.Add(new ResultTest(site.Name, ResultOutcome.Passed, null, share));
            }
            else if (timedOut)
            {
                _tests.Add(new ResultTest(site.Name, ResultOutcome.Timeout, $"the program did not finish within {job.TestTimeoutMs} ms", share));
            }
            else if (site.Index == interrupted && error is not null)
            {
                _tests.Add(new ResultTest(site.Name, ResultOutcome.Error, Describe(error), share));
            }
            else
            {
                var why = error is not null ? "not reached: the program stopped with " + Describe(error) : "not reached";
                _tests.Add(new ResultTest(site.Name, ResultOutcome.Error, why, share));
            }
        }

        if (timedOut)
        {
            // Only a thread the guard could not stop is still running: then the worker must go.
            Recycle = !finished;
            if (compiled.Asserts.Count == 0)
            {
                _tests.Add(new ResultTest("program", ResultOutcome.Timeout, $"the program did not finish within {job.TestTimeoutMs} ms", ms));
            }
        }
        else if (compiled.Asserts.Count == 0)
        {
            // No asserts at all is a failure, never a vacuous pass.
            _tests.Add(new ResultTest("program", error is null ? ResultOutcome.Failed : ResultOutcome.Error,
                error is null ? "the program has no Debug.Assert: nothing was tested" : Describe(error), ms));
        }
        else if (executed == 0 && error is null)
        {
            _tests.Add(new ResultTest("program", ResultOutcome.Failed, "no Debug.Assert ran: nothing was tested", ms));
        }

        // After running out of heap the worker's state is suspect; running low on stack is over once unwound.
        if (error is not null && TimedRun.Unwrap(error) is OutOfMemoryException)
        {
            Recycle = true;
        }
    }

    private void RunFramework(CandidateLoadContext context, Dictionary<string, Assembly> assemblies)
    {
        if (_notRun is not null)
        {
            ReportNotRun(_notRun);
            return;
        }

        var results = FrameworkRun.Run(job, context, assemblies);
        Runner = results.Runner;
        Unsupported = results.Unsupported;
        Recycle |= results.Recycle;
        Diagnostics.AddRange(results.Diagnostics);
        _tests.AddRange(results.Tests);
        if (results.Tests.Count > 0)
        {
            return;
        }

        // A run without a single result is never a pass: say plainly why nothing ran.
        var why = results.Unsupported
            ?? (job.SelectedTests is { } selected
                ? $"none of the {selected.Count} selected tests was found by {results.Runner}"
                : $"{results.Runner} found no test to run");
        _tests.Add(new ResultTest("run", ResultOutcome.Error, "no test ran: " + why, 0));
    }

    private void RunXunit(Dictionary<string, Assembly> assemblies)
    {
        foreach (var test in compiled.Tests)
        {
            if (_notRun is not null)
            {
                _tests.Add(new ResultTest(test.DisplayName, ResultOutcome.Error, _notRun, 0));
                continue;
            }

            var type = assemblies.Values.Select(a => a.GetType(test.TypeName)).FirstOrDefault(t => t is not null);
            var method = type?.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                .FirstOrDefault(m => m.Name == test.Method && m.GetCustomAttributesData().Any(a => a.AttributeType.Name is "FactAttribute" or "TheoryAttribute"));
            if (type is null || method is null)
            {
                _tests.Add(new ResultTest(test.DisplayName, ResultOutcome.Error, "test method not found after compilation", 0));
                continue;
            }

            List<object?[]> rows;
            try
            {
                rows = TheoryRows(type, method, test.DataIndex);
            }
#pragma warning disable CA1031 // A bad data source is that test's error.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _tests.Add(new ResultTest(test.DisplayName, ResultOutcome.Error, "theory data: " + Describe(e), 0));
                continue;
            }

            var (finished, error, ms, trip) = TimedRun.Run(() =>
            {
                foreach (var row in rows)
                {
                    var instance = method.IsStatic ? null : Activator.CreateInstance(type);
                    try
                    {
                        Await(method.Invoke(instance, Convert(row, method.GetParameters())));
                    }
                    finally
                    {
                        (instance as IDisposable)?.Dispose();
                    }
                }
            }, job.TestTimeoutMs);
            _tests.Add(Outcome(test.DisplayName, finished, error, ms, trip));
        }
    }

    private void RunExamples(Dictionary<string, Assembly> assemblies)
    {
        if (job.Examples is not { } examples)
        {
            return;
        }

        var type = compiled.ExampleHost is { } host && assemblies.TryGetValue(host.Assembly, out var assembly) ? assembly.GetType(host.Type) : null;
        for (var i = 0; i < examples.Items.Count; i++)
        {
            if (compiled.BrokenExamples.TryGetValue(i, out var broken) || type is null || _notRun is not null)
            {
                _examples.Add(new ResultExample(i, ResultOutcome.Error, null, broken ?? _notRun ?? "the class holding the target was not found"));
                continue;
            }

            var flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance;
            var check = type.GetMethod($"__flowlens_check_{i}", flags)!;
            var expect = type.GetMethod($"__flowlens_expect_{i}", flags);
            object? observed = null;
            object? expected = null;
            var (finished, error, _, trip) = TimedRun.Run(() =>
            {
                var instance = check.IsStatic ? null : Activator.CreateInstance(type);
                observed = check.Invoke(instance, null);
                expected = expect?.Invoke(instance, null);
            }, job.TestTimeoutMs);
            if (!finished || trip == GuardTrip.Deadline)
            {
                TimedOut($"check {i}", finished);
                _examples.Add(new ResultExample(i, ResultOutcome.Timeout, null, $"did not finish within {job.TestTimeoutMs} ms"));
                continue;
            }

            if (trip == GuardTrip.Stack)
            {
                _examples.Add(new ResultExample(i, ResultOutcome.Error, null, RunGuard.StackMessage));
                continue;
            }

            if (error is not null)
            {
                _examples.Add(new ResultExample(i, ResultOutcome.Error, null, Describe(error)));
                continue;
            }

            var rendered = ValueRenderer.Render(observed);
            if (examples.Items[i].Expected is null)
            {
                _examples.Add(new ResultExample(i, ResultOutcome.Passed, rendered, null));
            }
            else if (StructuralEquality.Equal(observed, expected, lenientNumbers: true))
            {
                _examples.Add(new ResultExample(i, ResultOutcome.Passed, rendered, null));
            }
            else
            {
                _examples.Add(new ResultExample(i, ResultOutcome.Failed, rendered, $"expected {ValueRenderer.Render(expected)}, got {rendered}"));
            }
        }
    }

    /// <summary>
    /// A test or check timed out. <paramref name="stopped"/>: the guard ended it and the worker goes on; otherwise its
    /// thread is still running and the worker must be replaced.
    /// </summary>
    private void TimedOut(string name, bool stopped)
    {
        if (!stopped)
        {
            _notRun = $"not run: the worker is replaced after {name} timed out";
            Recycle = true;
        }
        else if (++_timeouts >= MaxTimeouts)
        {
            _notRun = $"not run: {_timeouts} tests or checks of this candidate timed out already";
        }
    }

    private ResultTest Outcome(string name, bool finished, Exception? error, double ms, GuardTrip trip)
    {
        // A stopped test is judged by why it was stopped, even if the candidate caught the guard's exception and
        // the test then passed or failed on what was left.
        if (!finished || trip == GuardTrip.Deadline)
        {
            TimedOut(name, finished);
            return new ResultTest(name, ResultOutcome.Timeout, $"did not finish within {job.TestTimeoutMs} ms", ms);
        }

        if (trip == GuardTrip.Stack)
        {
            return new ResultTest(name, ResultOutcome.Error, RunGuard.StackMessage, ms);
        }

        if (error is null)
        {
            return new ResultTest(name, ResultOutcome.Passed, null, ms);
        }

        var inner = TimedRun.Unwrap(error);
        if (inner is OutOfMemoryException)
        {
            Recycle = true;
        }

        // An assertion that did not hold is a failure; any other exception means the code broke: an error.
        var outcome = inner.GetType().FullName?.StartsWith("Xunit.Sdk.", StringComparison.Ordinal) == true ? ResultOutcome.Failed : ResultOutcome.Error;
        return new ResultTest(name, outcome, Describe(inner), ms);
    }

    private static List<object?[]> TheoryRows(Type type, MethodInfo method, int dataIndex)
    {
        var inline = method.GetCustomAttributesData().Where(a => a.AttributeType.Name == "InlineDataAttribute").ToList();
        if (dataIndex >= 0)
        {
            return [InlineRow(inline[dataIndex])];
        }

        if (method.GetParameters().Length == 0)
        {
            return [[]];
        }

        // A theory over member or class data: run every row as one test (syntax cannot count the rows).
        var rows = new List<object?[]>();
        foreach (var attribute in method.GetCustomAttributesData())
        {
            var source = attribute.AttributeType.Name switch
            {
                "MemberDataAttribute" => MemberRows(type, attribute),
                "ClassDataAttribute" when attribute.ConstructorArguments[0].Value is Type rowsType =>
                    Activator.CreateInstance(rowsType) as System.Collections.IEnumerable
                        ?? throw new InvalidOperationException($"class data '{rowsType.Name}' does not enumerate rows"),
                _ => null,
            };
            foreach (var row in source ?? Array.Empty<object>())
            {
                rows.Add(row as object?[] ?? (row as System.Runtime.CompilerServices.ITuple is { } t ? Enumerable.Range(0, t.Length).Select(i => t[i]).ToArray() : [row]));
            }
        }

        return rows.Count > 0 ? rows : throw new InvalidOperationException("the theory has no data this sandbox supports (InlineData, MemberData, ClassData)");
    }

    /// <summary>
    /// <c>[MemberData(name, args...)]</c>: a static property, field, or method (called with the attribute's arguments)
    /// on the test class or on <c>MemberType</c>.
    /// </summary>
    private static System.Collections.IEnumerable MemberRows(Type testType, CustomAttributeData attribute)
    {
        var name = (string)attribute.ConstructorArguments[0].Value!;
        var arguments = attribute.ConstructorArguments.Count > 1 && attribute.ConstructorArguments[1].Value is IReadOnlyCollection<CustomAttributeTypedArgument> values
            ? values.Select(Value).ToArray()
            : [];
        var owner = attribute.NamedArguments.FirstOrDefault(a => a.MemberName == "MemberType").TypedValue.Value as Type ?? testType;
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        var method = owner.GetMethods(flags).FirstOrDefault(m => m.Name == name && m.GetParameters().Length == arguments.Length);
        var source = method is not null
            ? method.Invoke(null, method.GetParameters().Zip(arguments, (p, a) => a is null || p.ParameterType.IsInstanceOfType(a) ? a : System.Convert.ChangeType(a, p.ParameterType, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            : owner.GetProperty(name, flags)?.GetValue(null) ?? owner.GetField(name, flags)?.GetValue(null);
        return source as System.Collections.IEnumerable
            ?? throw new InvalidOperationException($"member data '{name}' is not a static property, field or method of {owner.Name} returning rows");
    }

    private static object?[] InlineRow(CustomAttributeData attribute)
    {
        if (attribute.ConstructorArguments.Count == 1 && attribute.ConstructorArguments[0].Value is IReadOnlyCollection<CustomAttributeTypedArgument> values)
        {
            return values.Select(Value).ToArray();
        }

        return attribute.ConstructorArguments.Select(Value).ToArray();
    }

    private static object? Value(CustomAttributeTypedArgument argument) => argument.Value switch
    {
        IReadOnlyCollection<CustomAttributeTypedArgument> array => ToArray(argument.ArgumentType.GetElementType() ?? typeof(object), array),
        var value when argument.ArgumentType.IsEnum && value is not null => Enum.ToObject(argument.ArgumentType, value),
        var value => value,
    };

    private static Array ToArray(Type elementType, IReadOnlyCollection<CustomAttributeTypedArgument> items)
    {
        var array = Array.CreateInstance(elementType, items.Count);
        var i = 0;
        foreach (var item in items)
        {
            array.SetValue(Value(item), i++);
        }

        return array;
    }

    /// <summary>Like xunit, converts data to the parameter types where a plain conversion exists (int to long, and so on).</summary>
    private static object?[] Convert(object?[] row, ParameterInfo[] parameters)
    {
        var result = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (i >= row.Length)
            {
                result[i] = parameters[i].HasDefaultValue ? parameters[i].DefaultValue : throw new InvalidOperationException($"missing theory argument '{parameters[i].Name}'");
                continue;
            }

            var value = row[i];
            var target = Nullable.GetUnderlyingType(parameters[i].ParameterType) ?? parameters[i].ParameterType;
            result[i] = value is IConvertible && !target.IsInstanceOfType(value) && typeof(IConvertible).IsAssignableFrom(target)
                ? System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture)
                : value;
        }

        return result;
    }

    private static void Await(object? returned)
    {
        if (returned is Task task)
        {
            task.GetAwaiter().GetResult();
        }
        else if (returned is ValueTask valueTask)
        {
            valueTask.AsTask().GetAwaiter().GetResult();
        }
    }

    private static string Describe(Exception error)
    {
        var inner = TimedRun.Unwrap(error);
        var message = inner.Message.ReplaceLineEndings(" ");
        return inner switch
        {
            OutOfMemoryException => "OutOfMemoryException: the sandbox's heap limit was reached",
            InsufficientExecutionStackException => RunGuard.StackMessage,
            _ => $"{inner.GetType().Name}: {message}",
        };
    }
}
