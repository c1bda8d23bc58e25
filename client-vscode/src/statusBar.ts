// One status bar item that shows what the server last said in `flowlens/serverStatus`, plus the
// client's own view of the connection (starting, stopped) for the times the server cannot speak.

import * as vscode from 'vscode';
import { ClientCommands, ServerStatusParams } from './lspExt';

export type ConnectionState = 'starting' | 'running' | 'stopped' | 'failed';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private connection: ConnectionState = 'starting';
  private status: ServerStatusParams | undefined;
  private failure: string | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('flowlens.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'FlowLens';
    this.render();
    this.item.show();
  }

  setConnection(state: ConnectionState, failure?: string): void {
    this.connection = state;
    this.failure = failure;
    if (state !== 'running') {
      this.status = undefined;
    }
    this.render();
  }

  setServerStatus(status: ServerStatusParams): void {
    this.status = status;
    this.render();
  }

  get busy(): boolean {
    return this.status?.busy ?? false;
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    if (this.connection === 'starting') {
      item.text = '$(loading~spin) FlowLens';
      item.tooltip = 'FlowLens: starting the server';
      item.command = undefined;
      return;
    }
    if (this.connection === 'stopped' || this.connection === 'failed') {
      item.text = '$(error) FlowLens';
      item.tooltip = `FlowLens: server ${this.connection}${this.failure ? `: ${this.failure}` : ''}. Click to restart.`;
      item.command = ClientCommands.restartServer;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      return;
    }
    const s = this.status;
    if (!s) {
      item.text = '$(circle-outline) FlowLens';
      item.tooltip = 'FlowLens: server running, no status yet';
      item.command = ClientCommands.selectModel;
      return;
    }
    const model = s.model ? shortModelName(s.model) : 'no model';
    const where = s.backend === 'none' ? '' : ` (${s.device})`;
    if (s.busy) {
      // The model may still be loading during a run; "no model" would read as a failure then.
      item.text = `$(sync~spin) FlowLens: ${s.model ? model : 'working'}`;
      item.command = ClientCommands.cancel;
    } else {
      item.text = `${s.modelLoaded ? '$(hubot)' : '$(circle-slash)'} FlowLens: ${model}${where}`;
      item.command = ClientCommands.selectModel;
    }
    const lines = [
      `FlowLens (${s.backend}${where})`,
      `Model: ${s.model ?? 'none'}${s.modelLoaded ? '' : ' (not loaded)'}`,
      s.busy ? 'Working. Click to cancel.' : 'Click to select a model.',
    ];
    if (s.message) {
      lines.splice(2, 0, s.message);
    }
    item.tooltip = lines.join('\n');
    if (!s.busy && !s.modelLoaded && s.backend !== 'none' && s.message) {
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** A model path is long; its file name is what people recognise. */
export function shortModelName(model: string): string {
  const base = model.split(/[\\/]/).pop() ?? model;
  return base.replace(/\.gguf$/i, '');
}
