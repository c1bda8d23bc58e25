// The FlowLens extensions to LSP, mirrored from docs/lsp-extensions.md (the contract with the server).
// Keep this file and that document in step: a change here without one there breaks the other client.

import { NotificationType, RequestType } from 'vscode-languageclient';

/** Commands the server advertises in `executeCommandProvider.commands`. */
export const ServerCommands = {
  generate: 'flowlens.server.generate',
  cancel: 'flowlens.server.cancel',
  capabilityDetails: 'flowlens.server.capabilityDetails',
  runTests: 'flowlens.server.runTests',
} as const;

/** Commands this extension registers; server lenses point at some of them. */
export const ClientCommands = {
  generateWorkflow: 'flowlens.generateWorkflow',
  showWorkflowGraph: 'flowlens.showWorkflowGraph',
  cancel: 'flowlens.cancel',
  selectModel: 'flowlens.selectModel',
  restartServer: 'flowlens.restartServer',
  showCapabilityDetails: 'flowlens.showCapabilityDetails',
  runTests: 'flowlens.runTests',
} as const;

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** The single argument of `flowlens.server.generate`. */
export interface GenerateParams {
  uri: string;
  /** 0-based line of the task comment or a line inside the method. */
  line: number;
  selection?: Range;
}

export interface Contribution {
  capability: string;
  delta: number;
  label: string;
}

/** The result of `flowlens.server.generate`; the server sends `workspace/applyEdit` before it. */
export interface GenerateResult {
  runId: string;
  summary: string;
  passed: number;
  total: number;
  contributions: Contribution[];
  applied: boolean;
  /** How attribution ended; contributions are empty unless 'done'. */
  attribution?: 'done' | 'cancelled' | 'dropped' | 'failed';
  /** Milliseconds until the tested code was ready. */
  resultMs?: number;
}

/** The optional single argument of `flowlens.server.cancel`: `task` (from a lens) cancels that generation alone. */
export interface CancelParams {
  uri: string;
  task?: string;
}

/** The single argument of `flowlens.server.capabilityDetails` and `flowlens.showCapabilityDetails`. */
export interface CapabilityDetailsParams {
  uri: string;
  line: number;
  capability: string;
}

export interface CapabilityDetails {
  title: string;
  markdown: string;
}

/** The single argument of `flowlens.server.runTests` and `flowlens.runTests`: a task by document and line. */
export interface RunTestsParams {
  uri: string;
  line: number;
}

/** The result of `flowlens.server.runTests`; the server also sends `summary` as `window/showMessage`. */
export interface TestRunResult {
  title: string;
  markdown: string;
  summary: string;
  passed: number;
  total: number;
  runner?: string | null;
}

export type Backend = 'local' | 'ollama' | 'openai' | 'none';
export type Device = 'gpu' | 'cpu' | 'remote';

export interface ServerStatusParams {
  modelLoaded: boolean;
  model: string | null;
  backend: Backend;
  device: Device;
  busy: boolean;
  message?: string;
}

/** `flowlens/serverStatus`: server -> client. */
export const serverStatus = new NotificationType<ServerStatusParams>('flowlens/serverStatus');

export interface WorkflowGraphParams {
  uri?: string;
}

export interface WorkflowGraph {
  mermaid: string;
  /** Contribution of each Mermaid node id to the pass rate (the delta shown on its lens). */
  contributions: { [nodeId: string]: number };
}

/** `flowlens/workflowGraph`: client -> server; null when no workflow has run yet. */
export const workflowGraph = new RequestType<WorkflowGraphParams, WorkflowGraph | null, void>('flowlens/workflowGraph');
