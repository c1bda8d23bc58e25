using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;

namespace FlowLens.Core.Workflows;

/// <summary>
/// Turns a selection into a workflow that is valid by construction:
/// <list type="number">
/// <item>capabilities whose required inputs nobody produces get the library's producer inserted (run-tests before
/// repair, review before revise, a draft when nothing writes candidates);</item>
/// <item>steps are ordered by their declared order, then moved after the producers of their required inputs, so a
/// consumer never precedes its producer;</item>
/// <item>each step depends on the nearest earlier producer of each input type: edges only point backwards, so there
/// is never a cycle. A step whose inputs cannot be satisfied is dropped with a note.</item>
/// </list>
/// </summary>
public static class WorkflowStitcher
{
    public static Workflow Stitch(IReadOnlyList<SelectedCapability> selection, CapabilityLibrary library)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(library);
        var notes = new List<string>();
        var chosen = new Dictionary<string, (Capability Capability, IReadOnlyDictionary<string, double> Parameters, bool Inserted)>();
        foreach (var item in Expand(selection, library, notes))
        {
            if (!library.TryGet(item.Id, out var capability))
            {
                notes.Add($"ignored unknown capability '{item.Id}'");
                continue;
            }

            var parameters = capability.Parameters.ToDictionary(
                p => p.Name,
                p => item.Parameters.TryGetValue(p.Name, out var v) ? p.Clamp(v) : p.Default);
            chosen.TryAdd(capability.Id, (capability, parameters, false));
        }

        // Every workflow must produce code.
        Require(ArtefactType.Candidates, "the workflow must produce candidates");

        // Insert producers for unmet required inputs until nothing changes; the library is finite, so this ends.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (capability, _, _) in chosen.Values.ToList())
            {
                foreach (var input in capability.Inputs.Where(t => t != ArtefactType.Task))
                {
                    changed |= Require(input, $"{capability.Id} needs {Capability.Name(input)}");
                }
            }
        }

        // Order: declared order first, then push consumers after their producers (bounded passes).
        var ordered = chosen.Values.OrderBy(c => c.Capability.Order).ThenBy(c => c.Capability.Id, StringComparer.Ordinal).ToList();
        for (var pass = 0; pass < ordered.Count; pass++)
        {
            var moved = false;
            for (var i = 0; i < ordered.Count; i++)
            {
                var step = ordered[i].Capability;
                foreach (var input in step.Inputs.Where(t => t != ArtefactType.Task))
                {
                    var producerIndex = ordered.FindIndex(c => c.Capability != step && c.Capability.Outputs.Contains(input) && !c.Capability.Inputs.Contains(input));
                    if (producerIndex > i)
                    {
                        var item = ordered[i];
                        ordered.RemoveAt(i);
                        ordered.Insert(producerIndex, item);
                        moved = true;
                        break;
                    }
                }
            }

            if (!moved)
            {
                break;
            }
        }

        var steps = new List<WorkflowStep>();
        foreach (var (capability, parameters, inserted) in ordered)
        {
            var dependsOn = new List<string>();
            var satisfiable = true;
            foreach (var input in capability.Inputs.Concat(capability.OptionalInputs).Where(t => t != ArtefactType.Task))
            {
                var producer = steps.LastOrDefault(s => s.Capability.Outputs.Contains(input));
                if (producer is not null)
                {
                    dependsOn.Add(producer.Id);
                }
                else if (capability.Inputs.Contains(input))
                {
                    satisfiable = false;
                    notes.Add($"dropped {capability.Id}: nothing before it produces {Capability.Name(input)}");
                    break;
                }
            }

            if (satisfiable)
            {
                steps.Add(new WorkflowStep(capability.Id, capability, parameters, dependsOn.Distinct().ToList(), inserted));
            }
        }

        return new Workflow(steps, notes);

        bool Require(ArtefactType type, string reason)
        {
            // A transformer (candidates in, candidates out) does not count: something must originate the type.
            if (chosen.Values.Any(c => c.Capability.Outputs.Contains(type) && !c.Capability.Inputs.Contains(type)))
            {
                return false;
            }

            // The cheapest producer: one whose own required inputs are the task alone, else any, by declared order.
            var producer = library.Capabilities
                .Where(c => c.Outputs.Contains(type) && !c.Inputs.Contains(type))
                .OrderBy(c => c.Inputs.Any(t => t != ArtefactType.Task) ? 1 : 0)
                .ThenBy(c => c.Order)
                .FirstOrDefault();
            if (producer is null)
            {
                notes.Add($"{reason}, and the library has no producer of {Capability.Name(type)}");
                return false;
            }

            chosen[producer.Id] = (producer, producer.Parameters.ToDictionary(p => p.Name, p => p.Default), true);
            notes.Add($"inserted {producer.Id}: {reason}");
            return true;
        }
    }

    /// <summary>
    /// Replaces composite capabilities (mined sub-workflows) by their parts, in the composite's order, each with the
    /// parameters the composite gives it (else its defaults). Mined parts come from stitched workflows, so their order
    /// is one the stitcher keeps.
    /// </summary>
    private static IEnumerable<SelectedCapability> Expand(IReadOnlyList<SelectedCapability> selection, CapabilityLibrary library, List<string> notes)
    {
        foreach (var item in selection)
        {
            if (library.TryGet(item.Id, out var capability) && capability.Parts.Count > 0)
            {
                notes.Add($"expanded {item.Id} into {string.Join(", ", capability.Parts)}");
                foreach (var part in capability.Parts.Where(p => !library.TryGet(p, out var c) || c.Parts.Count == 0))
                {
                    yield return new SelectedCapability(part, item.Weight, capability.PartParameters.TryGetValue(part, out var given) ? given : new Dictionary<string, double>());
                }
            }
            else
            {
                yield return item;
            }
        }
    }
}
