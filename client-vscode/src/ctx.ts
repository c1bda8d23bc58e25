// The client context: owns the LanguageClient (start, stop, restart), the output channels and the
// status bar, and is what commands talk to. Commands never hold a client of their own, so a restart
// swaps the connection underneath them without re-registering anything.

import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  Middleware,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { findServer } from './bootstrap';
import { readConfig, RESTART_KEYS, SECTION } from './config';
import { CapabilityDetails, CapabilityDetailsParams, GenerateResult, RunTestsParams, ServerCommands, serverStatus, TestRunResult } from './lspExt';
import { StatusBar } from './statusBar';

/** The library turns a RequestCancelled answer into a CancellationError (name 'Canceled'). */
function isCancellation(e: unknown): boolean {
  return e instanceof vscode.CancellationError || (e instanceof Error && e.name === 'Canceled');
}

export class Ctx implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  readonly trace: vscode.OutputChannel;
  readonly statusBar: StatusBar;
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly generated = new vscode.EventEmitter<{ uri: string; result: GenerateResult }>();
  /** Fires after a generation finishes, so views showing the last run can refresh. */
  readonly onDidGenerate = this.generated.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('FlowLens');
    this.trace = vscode.window.createOutputChannel('FlowLens LSP trace');
    this.statusBar = new StatusBar();
    this.disposables.push(
      this.output,
      this.trace,
      this.statusBar,
      this.generated,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (RESTART_KEYS.some((k) => e.affectsConfiguration(k))) {
          this.log('flowlens.server.path changed; restarting the server.');
          void this.restart();
        }
      }),
    );
  }

  log(message: string): void {
    this.output.appendLine(`[${new Date().toISOString()}] ${message}`);
  }

  /** The running client, starting one when there is none (for example after a crash or a failed start). */
  async running(): Promise<LanguageClient> {
    if (!this.client || this.client.state === State.Stopped) {
      await this.start();
    }
    if (!this.client || this.client.state !== State.Running) {
      throw new Error('The FlowLens server is not running; see the FlowLens output channel.');
    }
    return this.client;
  }

  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.statusBar.setConnection('starting');
    const config = readConfig();
    let launch;
    try {
      launch = findServer(this.extension.extensionPath, config.server.path);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.log(msg);
      this.statusBar.setConnection('failed', msg);
      void vscode.window.showErrorMessage(`FlowLens: ${msg}`);
      return;
    }
    this.log(`Starting the FlowLens server (${launch.source}) with: ${[launch.command, ...launch.args].join(' ')}`);
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      // The transport is left unset on purpose: the library would otherwise append `--stdio`, which
      // `flowlens lsp` does not take; stdio is its only transport.
      options: { env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' }, ...(cwd ? { cwd } : {}) },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'csharp' }],
      synchronize: { configurationSection: SECTION },
      initializationOptions: readConfig(),
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      middleware: this.middleware(),
    };
    const client = new LanguageClient('flowlens', 'FlowLens', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        this.statusBar.setConnection('running');
      } else if (e.newState === State.Stopped && this.client === client) {
        this.statusBar.setConnection('stopped');
      }
    });
    try {
      await client.start();
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.log(`The server failed to start: ${msg}`);
      this.statusBar.setConnection('failed', msg);
      return;
    }
    this.disposables.push(client.onNotification(serverStatus, (s) => this.statusBar.setServerStatus(s)));
    const info = client.initializeResult?.serverInfo;
    this.log(`Connected to ${info ? `${info.name} ${info.version ?? ''}`.trim() : 'the server'}.`);
  }

  /**
   * The server sends `workspace/codeLens/refresh` after a run; the client must not ask for lenses on
   * its own as well, because a second, overlapping codeLens request leaves VS Code showing the old
   * titles over new, still unresolved lenses whose clicks do nothing.
   *
   * Lens clicks on `flowlens.server.generate` go straight to the server through the library's
   * executeCommand feature; this hook is where the client sees the result of every generation,
   * whether it came from a lens or from the palette.
   */
  private middleware(): Middleware {
    return {
      executeCommand: async (command, args, next) => {
        let result: unknown;
        try {
          result = await next(command, args);
        } catch (e) {
          // A cancelled generation answers RequestCancelled; that is the user's choice, not a failure.
          if (command === ServerCommands.generate && isCancellation(e)) {
            this.log('Generation cancelled.');
            return undefined;
          }
          throw e;
        }
        if (command === ServerCommands.generate && result && typeof result === 'object') {
          const r = result as GenerateResult;
          const first = args[0] as { uri?: unknown } | undefined;
          const uri = typeof first?.uri === 'string' ? first.uri : '';
          this.log(`Generation ${r.runId}: ${r.summary} (${r.passed}/${r.total} tests, applied: ${r.applied}).`);
          this.generated.fire({ uri, result: r });
          const text = `FlowLens: ${r.passed}/${r.total} tests pass. ${r.summary}`;
          if (r.total > 0 && r.passed === r.total) {
            void vscode.window.showInformationMessage(text);
          } else {
            void vscode.window.showWarningMessage(text);
          }
        }
        return result;
      },
    };
  }

  async executeServerCommand<T>(command: string, args: unknown[]): Promise<T> {
    const client = await this.running();
    return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
  }

  capabilityDetails(params: CapabilityDetailsParams): Promise<CapabilityDetails | null> {
    return this.executeServerCommand<CapabilityDetails | null>(ServerCommands.capabilityDetails, [params]);
  }

  runTests(params: RunTestsParams): Promise<TestRunResult | null> {
    return this.executeServerCommand<TestRunResult | null>(ServerCommands.runTests, [params]);
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        // dispose() stops the server (shutdown, exit) and also releases the client's registrations.
        await client.dispose(5000);
      } catch (e) {
        this.log(`Stopping the server: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.statusBar.setConnection('stopped');
  }

  async restart(): Promise<void> {
    this.log('Restarting the FlowLens server.');
    await this.stop();
    await this.start();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}
