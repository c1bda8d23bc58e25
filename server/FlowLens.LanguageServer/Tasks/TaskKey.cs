using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Tasks;

/// <summary>
/// Identifies a task across edits: the document, the method and the comment's text. Line numbers are left out on
/// purpose, so results follow the task when lines move, and a changed comment is a different task.
/// </summary>
internal readonly record struct TaskKey(string Uri, string MethodName, string TaskText)
{
    public static TaskKey For(string uri, TaskSite site) => new(uri, site.MethodName, site.TaskText);
}
