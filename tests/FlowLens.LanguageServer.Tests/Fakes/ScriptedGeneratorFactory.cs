using System.Collections.Concurrent;
using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Tests.Fakes;

/// <summary>Creates <see cref="ScriptedGenerator"/>s and remembers every one, with the settings it was made for.</summary>
internal sealed class ScriptedGeneratorFactory : IWorkflowGeneratorFactory
{
    private readonly ConcurrentQueue<ScriptedGenerator> _created = new();

    /// <summary>The script each new generator follows.</summary>
    public GeneratorScript Script { get; set; } = new();

    /// <summary>When set, <see cref="Create"/> throws this (a factory that cannot load its model).</summary>
    public Exception? CreateFailure { get; set; }

    public IReadOnlyList<ScriptedGenerator> Created => [.. _created];

    public ScriptedGenerator Latest => _created.Last();

    public IWorkflowGenerator Create(FlowLensSettings settings)
    {
        if (CreateFailure is not null)
        {
            throw CreateFailure;
        }

        var generator = new ScriptedGenerator(settings, Script);
        _created.Enqueue(generator);
        return generator;
    }
}
