// Typed access to the `flowlens.*` settings declared in the root package.json.
// The server receives the same section as `initializationOptions`, through
// `workspace/didChangeConfiguration`, and by pulling `workspace/configuration`, so the shape here is
// exactly the settings tree VS Code returns for the section (nested objects for dotted keys).

import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const SECTION = 'flowlens';

export type BackendSetting = 'local' | 'ollama' | 'openai';
export type AttributionMode = 'leave-one-out' | 'shapley' | 'off';
export type TraceSetting = 'off' | 'messages' | 'verbose';

export interface FlowLensConfig {
  backend: BackendSetting;
  modelPath: string;
  gpuLayers: number;
  contextSize: number;
  maxTokens: number;
  threads: number;
  ollama: { url: string; model: string };
  openai: { url: string; model: string };
  attribution: { mode: AttributionMode; budget: number };
  sandbox: { timeoutMs: number; memoryMb: number; runOtherTests: boolean };
  requestTimeout: number;
  server: { path: string };
  trace: { server: TraceSetting };
}

/** Reads the settings with the defaults of package.json as the fallback, so every field is present. */
export function readConfig(scope?: vscode.ConfigurationScope): FlowLensConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    backend: c.get<BackendSetting>('backend', 'local'),
    modelPath: c.get<string>('modelPath', ''),
    gpuLayers: c.get<number>('gpuLayers', -1),
    contextSize: c.get<number>('contextSize', 4096),
    maxTokens: c.get<number>('maxTokens', 4096),
    threads: c.get<number>('threads', 0),
    ollama: {
      url: c.get<string>('ollama.url', 'http://localhost:11434'),
      model: c.get<string>('ollama.model', ''),
    },
    openai: {
      url: c.get<string>('openai.url', 'http://localhost:8080/v1'),
      model: c.get<string>('openai.model', ''),
    },
    attribution: {
      mode: c.get<AttributionMode>('attribution.mode', 'shapley'),
      budget: c.get<number>('attribution.budget', 16),
    },
    sandbox: {
      timeoutMs: c.get<number>('sandbox.timeoutMs', 10000),
      memoryMb: c.get<number>('sandbox.memoryMb', 512),
      runOtherTests: c.get<boolean>('sandbox.runOtherTests', true),
    },
    requestTimeout: c.get<number>('requestTimeout', 300),
    server: { path: c.get<string>('server.path', '') },
    trace: { server: c.get<TraceSetting>('trace.server', 'off') },
  };
}

/** Settings whose change needs a new server process rather than a didChangeConfiguration. */
export const RESTART_KEYS = ['flowlens.server.path'];

export { expandHome } from './paths';

/** Where `FlowLens: Select model` looks for GGUF files; the CLI downloads models to the same place. */
export function modelCacheDir(): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  const base = xdg && xdg.length > 0 ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'flowlens', 'models');
}
