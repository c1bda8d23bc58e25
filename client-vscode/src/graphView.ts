// The workflow graph webview. The server describes the last workflow as Mermaid text plus a
// contribution per node; graphRender turns that into SVG in the extension host, so the webview runs
// no script at all and needs nothing from the network.

import * as vscode from 'vscode';
import { renderMermaid } from './graphRender';
import { WorkflowGraph } from './lspExt';

export class GraphView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  /** Whether the graph is on screen, so a finished attribution can redraw it with the contributions. */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(graph: WorkflowGraph | null, sourceUri: string | undefined): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'flowlens.workflowGraph',
        'FlowLens workflow',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableFindWidget: true, retainContextWhenHidden: false },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    this.panel.webview.html = GraphView.html(graph, sourceUri);
  }

  static html(graph: WorkflowGraph | null, sourceUri: string | undefined): string {
    const where = sourceUri ? escapeHtml(vscode.Uri.parse(sourceUri).path.split('/').pop() ?? sourceUri) : '';
    let body: string;
    if (!graph) {
      body = '<p class="empty">No workflow has run yet. Use the <b>Generate workflow</b> lens above a <code>// TASK:</code> comment.</p>';
    } else {
      let svg: string;
      try {
        svg = renderMermaid(graph.mermaid, { contributions: graph.contributions });
      } catch (e) {
        svg = `<p class="empty">Could not draw this graph: ${escapeHtml(String(e))}</p>`;
      }
      const rows = Object.entries(graph.contributions)
        .sort((a, b) => b[1] - a[1])
        .map(([id, d]) => `<tr><td>${escapeHtml(id)}</td><td class="num">${d >= 0 ? '+' : ''}${d.toFixed(2)}</td></tr>`)
        .join('');
      body = `<div class="graph">${svg}</div>
<p class="legend"><span class="sw pos"></span> raised the pass rate <span class="sw neg"></span> lowered it <span class="sw zero"></span> no effect</p>
${rows ? `<table><thead><tr><th>node</th><th>contribution</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
<details><summary>Mermaid source</summary><pre>${escapeHtml(graph.mermaid)}</pre></details>`;
    }
    // No scripts, so the policy only needs inline styles.
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">
<title>FlowLens workflow</title>
<style>
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 12px; }
h1 { font-size: 1.1em; font-weight: 600; }
.graph { overflow: auto; color: var(--vscode-foreground); }
.empty { opacity: 0.8; }
.legend { font-size: 0.9em; opacity: 0.85; }
.sw { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; border: 1px solid #5b6470; }
.sw.pos { background: hsl(130, 55%, 50%); } .sw.neg { background: hsl(0, 55%, 50%); } .sw.zero { background: #d0d4da; }
table { border-collapse: collapse; margin-top: 8px; } td, th { padding: 2px 10px; text-align: left; } .num { text-align: right; font-variant-numeric: tabular-nums; }
pre { white-space: pre-wrap; }
</style></head>
<body><h1>Workflow${where ? ` for ${where}` : ''}</h1>
${body}
</body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
