// Extension entry points. Activation (on the first C# document) wires the commands, the details
// document provider and the graph view, then starts the server; deactivation stops it so VS Code does
// not leave an orphaned `flowlens lsp` process behind.

import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { DETAILS_SCHEME, DetailsProvider } from './detailsProvider';
import { GraphView } from './graphView';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const c = new Ctx(context);
  ctx = c;
  const details = new DetailsProvider((params) => c.capabilityDetails(params));
  const graph = new GraphView();
  context.subscriptions.push(
    c,
    details,
    graph,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    ...registerCommands(c, graph, details),
  );
  c.log(`FlowLens ${String(context.extension.packageJSON['version'] ?? '')} activated from ${context.extensionPath}.`);
  await c.start();
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
