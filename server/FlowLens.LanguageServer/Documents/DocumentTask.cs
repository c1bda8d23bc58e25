using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Documents;

/// <summary>
/// A task site with its ranges in the client's coordinates (LSP lines, UTF-16 characters). <see cref="Site"/> keeps
/// Core's own positions, in Roslyn's lines, because that is what Core and the sandbox read it against; lenses,
/// command lines and edits use the ranges here, which differ from the site's after a U+2028, U+2029 or U+0085.
/// </summary>
internal sealed record DocumentTask(TaskSite Site, TextRange CommentRange, TextRange MethodRange, TextRange BodyRange);
