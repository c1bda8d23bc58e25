// Shared helpers of the client tests: a throw-away copy of the task workspace and the server command.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const outDir = path.join(here, 'out');

/**
 * The server under test: FLOWLENS_SERVER_CMD (an executable run with `lsp`, such as a published
 * apphost), else FLOWLENS_SERVER_DLL, else the Debug build of the checkout, run with dotnet.
 */
export function serverCommand() {
  const exe = process.env.FLOWLENS_SERVER_CMD;
  if (exe) {
    // The server runs in the workspace folder, so a relative path must be made absolute here.
    return { command: exe.includes('/') ? path.resolve(exe) : exe, args: ['lsp'] };
  }
  const dll = process.env.FLOWLENS_SERVER_DLL || path.join(repo, 'server', 'FlowLens.Cli', 'bin', 'Debug', 'net10.0', 'flowlens.dll');
  if (!fs.existsSync(dll)) {
    throw new Error(`No server at ${dll}: run 'dotnet build server/FlowLens.Cli' (tests/client/run-all.sh does).`);
  }
  return { command: 'dotnet', args: [dll, 'lsp'] };
}

/**
 * A fresh copy of tests/client/fixtures/workspace in a temp dir: the server may write state into
 * the workspace (.flowlens/) and applies edits to the task file, so no two runs share one.
 */
export function makeWorkspace(name = 'flowlens-ws-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), name));
  fs.cpSync(path.join(here, 'fixtures', 'workspace'), dir, { recursive: true });
  const taskFile = path.join(dir, 'Strings.cs');
  const text = fs.readFileSync(taskFile, 'utf8');
  const taskLine = text.split('\n').findIndex((l) => l.includes('// TASK:'));
  return { dir, taskFile, taskUri: pathToFileURL(taskFile).href, text, taskLine };
}

/** The settings section the VS Code extension sends, tuned so a run on the tiny test model is short. */
export function testSettings() {
  return {
    backend: 'local',
    modelPath: '',
    gpuLayers: 0,
    contextSize: 4096,
    threads: 0,
    ollama: { url: 'http://localhost:11434', model: '' },
    openai: { url: 'http://localhost:8080/v1', model: '' },
    attribution: { mode: 'leave-one-out', budget: 8 },
    sandbox: { timeoutMs: 20000, memoryMb: 512 },
    server: { path: '' },
    trace: { server: 'off' },
  };
}

/** Applies LSP TextEdits (non-overlapping, as the protocol requires) to a string. */
export function applyTextEdits(text, edits) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') lineStarts.push(i + 1);
  }
  const offset = (p) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}
