// The extension's own commands (the palette and the lenses the server returns point at them).
// Each one goes through Ctx for the connection, so a restarted server is picked up transparently.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { modelCacheDir, SECTION } from './config';
import { Ctx } from './ctx';
import { DetailsProvider, detailsUri } from './detailsProvider';
import { GraphView } from './graphView';
import { CapabilityDetailsParams, ClientCommands, GenerateParams, RunTestsParams, ServerCommands, workflowGraph } from './lspExt';

export function registerCommands(ctx: Ctx, graph: GraphView, details: DetailsProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(ClientCommands.generateWorkflow, (arg?: GenerateParams) => generateWorkflow(ctx, arg)),
    vscode.commands.registerCommand(ClientCommands.showWorkflowGraph, (arg?: unknown) => showWorkflowGraph(ctx, graph, arg)),
    vscode.commands.registerCommand(ClientCommands.cancel, (arg?: unknown) => cancel(ctx, arg)),
    vscode.commands.registerCommand(ClientCommands.selectModel, () => selectModel(ctx)),
    vscode.commands.registerCommand(ClientCommands.restartServer, () => ctx.restart()),
    vscode.commands.registerCommand(ClientCommands.showCapabilityDetails, (arg?: CapabilityDetailsParams) =>
      showCapabilityDetails(arg),
    ),
    vscode.commands.registerCommand(ClientCommands.runTests, (arg?: RunTestsParams) => runTests(ctx, arg)),
    // A generation answers when its attribution has ended: the details and an open graph then show the contributions.
    ctx.onDidGenerate((e) => {
      details.refreshAll();
      if (graph.isOpen && e.uri) {
        void showWorkflowGraph(ctx, graph, e.uri);
      }
    }),
  ];
}

/**
 * From the palette the task is the one under the cursor; the server accepts the comment line or any
 * line inside the method. The call goes through the VS Code command the language client registered
 * for the server command, so the result reaches the same middleware as a lens click.
 */
async function generateWorkflow(ctx: Ctx, arg?: GenerateParams): Promise<unknown> {
  let params = arg;
  if (!params) {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'csharp') {
      void vscode.window.showWarningMessage('FlowLens: open a C# file and put the cursor on a // TASK: comment or inside its method.');
      return undefined;
    }
    const sel = editor.selection;
    params = { uri: editor.document.uri.toString(), line: sel.active.line };
    if (!sel.isEmpty) {
      params.selection = {
        start: { line: sel.start.line, character: sel.start.character },
        end: { line: sel.end.line, character: sel.end.character },
      };
    }
  }
  await ctx.running();
  try {
    return await vscode.commands.executeCommand(ServerCommands.generate, params);
  } catch (e) {
    void vscode.window.showErrorMessage(`FlowLens: generation failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

function uriFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') {
    return arg;
  }
  if (arg instanceof vscode.Uri) {
    return arg.toString();
  }
  if (arg && typeof arg === 'object' && typeof (arg as { uri?: unknown }).uri === 'string') {
    return (arg as { uri: string }).uri;
  }
  return undefined;
}

async function showWorkflowGraph(ctx: Ctx, view: GraphView, arg?: unknown): Promise<void> {
  const uri = uriFromArg(arg) ?? vscode.window.activeTextEditor?.document.uri.toString();
  try {
    const client = await ctx.running();
    const graph = await client.sendRequest(workflowGraph, uri ? { uri } : {});
    view.show(graph, uri);
  } catch (e) {
    void vscode.window.showErrorMessage(`FlowLens: could not get the workflow graph: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function cancel(ctx: Ctx, arg?: unknown): Promise<void> {
  const uri = uriFromArg(arg);
  await ctx.executeServerCommand<null>(ServerCommands.cancel, uri ? [{ uri }] : []);
  ctx.log(`Asked the server to cancel${uri ? ` the runs in ${uri}` : ' every running generation'}.`);
}

/** "Run its tests": the server runs them in the sandbox and says the outcome; the details open beside the code. */
async function runTests(ctx: Ctx, arg?: RunTestsParams): Promise<void> {
  if (!arg || typeof arg.uri !== 'string' || typeof arg.line !== 'number') {
    void vscode.window.showWarningMessage('FlowLens: tests are run from the "Run its tests" lens.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'FlowLens: running the tests…' },
    () => ctx.runTests(arg),
  );
  if (!result) {
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `${result.markdown}\n` });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

async function showCapabilityDetails(arg?: CapabilityDetailsParams): Promise<void> {
  if (!arg || typeof arg.capability !== 'string') {
    void vscode.window.showWarningMessage('FlowLens: capability details are opened from a capability lens.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument(detailsUri(arg));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
}

/** GGUF files under the cache directory, newest first, looking one folder deep for per-model folders. */
export function listModels(dir: string): string[] {
  const found: Array<{ p: string; mtime: number }> = [];
  const scan = (d: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && depth > 0) {
        scan(p, depth - 1);
      } else if (e.isFile() && e.name.toLowerCase().endsWith('.gguf')) {
        found.push({ p, mtime: fs.statSync(p).mtimeMs });
      }
    }
  };
  scan(dir, 1);
  return found.sort((a, b) => b.mtime - a.mtime).map((f) => f.p);
}

export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

async function selectModel(ctx: Ctx): Promise<void> {
  const dir = modelCacheDir();
  const current = vscode.workspace.getConfiguration(SECTION).get<string>('modelPath', '');
  type Item = vscode.QuickPickItem & { modelPath?: string; browse?: boolean };
  const items: Item[] = listModels(dir).map((p) => {
    return {
      label: path.basename(p),
      description: `${formatSize(fs.statSync(p).size)}${p === current ? '  (current)' : ''}`,
      detail: p,
      modelPath: p,
    };
  });
  items.push({ label: '$(folder-opened) Browse...', description: 'Pick a .gguf file anywhere', browse: true });
  items.push({ label: '$(circle-slash) Built-in test model', description: 'Clear flowlens.modelPath', modelPath: '' });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'FlowLens: select a model',
    placeHolder: items.length > 2 ? `GGUF models in ${dir}` : `No GGUF models in ${dir} yet`,
  });
  if (!picked) {
    return;
  }
  let modelPath = picked.modelPath;
  if (picked.browse) {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Use this model',
      filters: { 'GGUF models': ['gguf'] },
      defaultUri: fs.existsSync(dir) ? vscode.Uri.file(dir) : undefined,
    });
    modelPath = uris?.[0]?.fsPath;
  }
  if (modelPath === undefined) {
    return;
  }
  const config = vscode.workspace.getConfiguration(SECTION);
  // A workspace value would shadow a global one, so write where the current value comes from.
  const inspected = config.inspect<string>('modelPath');
  const target =
    inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('modelPath', modelPath, target);
  if (modelPath !== '' && config.get<string>('backend') !== 'local') {
    // A GGUF file only means something to the local backend.
    await config.update('backend', 'local', target);
  }
  ctx.log(`Model set to ${modelPath === '' ? 'the built-in test model' : modelPath}; the server reloads it on the configuration change.`);
}
