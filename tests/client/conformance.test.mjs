// LSP conformance of `flowlens lsp` over stdio, driven with vscode-jsonrpc the way an editor would:
// initialize, open the task file, code lenses, generate (progress, applyEdit, result), cancel,
// updated lenses, the workflow graph and capability details, then shutdown/exit and a clean exit.
// The contract is docs/lsp-extensions.md.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rpc from 'vscode-jsonrpc/node.js';
import { applyTextEdits, makeWorkspace, outDir, serverCommand, testSettings, withTimeout } from './lib.mjs';

const GENERATE_TIMEOUT_MS = Number(process.env.FLOWLENS_GENERATE_TIMEOUT_MS || 240000);

const ws = makeWorkspace('flowlens-conformance-');
const events = { progress: [], progressCreated: [], applyEdits: [], status: [], refreshes: 0, logs: [] };
let server;
let conn;
let exitCode;
let exited;
let version = 1;
let text = ws.text;
let stderr = '';

function sendDidChange() {
  version += 1;
  conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: ws.taskUri, version },
    contentChanges: [{ text }],
  });
}

function generate(line) {
  return conn.sendRequest('workspace/executeCommand', {
    command: 'flowlens.server.generate',
    arguments: [{ uri: ws.taskUri, line }],
  });
}

async function codeLenses(capabilities) {
  const lenses = await conn.sendRequest('textDocument/codeLens', { textDocument: { uri: ws.taskUri } });
  assert.ok(Array.isArray(lenses), 'textDocument/codeLens returns an array');
  const resolved = [];
  for (const lens of lenses) {
    if (!lens.command && capabilities.codeLensProvider?.resolveProvider) {
      resolved.push(await conn.sendRequest('codeLens/resolve', lens));
    } else {
      resolved.push(lens);
    }
  }
  return resolved;
}

let init;

before(async () => {
  const { command, args } = serverCommand();
  server = spawn(command, args, { cwd: ws.dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  server.stderr.on('data', (d) => {
    stderr += d.toString();
  });
  exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve((exitCode = code ?? signal))));
  conn = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
  conn.onRequest('window/workDoneProgress/create', (p) => {
    events.progressCreated.push(p.token);
    return null;
  });
  conn.onRequest('workspace/applyEdit', (p) => {
    events.applyEdits.push(p);
    const edit = p.edit;
    const edits = [];
    for (const dc of edit.documentChanges ?? []) {
      if (dc.textDocument?.uri === ws.taskUri) edits.push(...dc.edits);
    }
    edits.push(...(edit.changes?.[ws.taskUri] ?? []));
    text = applyTextEdits(text, edits);
    // A real editor tells the server about the edit it just applied.
    setImmediate(sendDidChange);
    return { applied: true };
  });
  conn.onRequest('workspace/configuration', (p) =>
    p.items.map((item) => {
      const settings = testSettings();
      if (!item.section || item.section === 'flowlens') return settings;
      return item.section.replace(/^flowlens\./, '').split('.').reduce((o, k) => (o == null ? null : o[k] ?? null), settings);
    }),
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('client/unregisterCapability', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => {
    events.refreshes += 1;
    return null;
  });
  conn.onRequest('window/showMessageRequest', () => null);
  conn.onNotification('$/progress', (p) => events.progress.push(p));
  conn.onNotification('flowlens/serverStatus', (p) => events.status.push(p));
  conn.onNotification('window/logMessage', (p) => events.logs.push(p.message));
  conn.onNotification('window/showMessage', (p) => events.logs.push(p.message));
  conn.onNotification('textDocument/publishDiagnostics', () => {});
  conn.onNotification('telemetry/event', () => {});
  conn.listen();

  init = await withTimeout(
    conn.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'flowlens-conformance', version: '1' },
      rootUri: `file://${ws.dir}`,
      workspaceFolders: [{ uri: `file://${ws.dir}`, name: 'ws' }],
      initializationOptions: testSettings(),
      capabilities: {
        workspace: {
          applyEdit: true,
          workspaceEdit: { documentChanges: true },
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: false },
          executeCommand: { dynamicRegistration: false },
          codeLens: { refreshSupport: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          codeLens: { dynamicRegistration: false },
        },
        window: { workDoneProgress: true, showMessage: {} },
      },
    }),
    60000,
    'initialize',
  );
  conn.sendNotification('initialized', {});
  conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: ws.taskUri, languageId: 'csharp', version, text },
  });
});

after(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'conformance-server.stderr.txt'), stderr);
  fs.writeFileSync(path.join(outDir, 'conformance-events.json'), JSON.stringify({ ...events, finalText: text }, null, 2));
  if (exitCode === undefined && server) {
    server.kill('SIGKILL');
  }
  fs.rmSync(ws.dir, { recursive: true, force: true });
});

test('initialize advertises code lenses and the FlowLens commands', () => {
  const caps = init.capabilities;
  assert.ok(caps.codeLensProvider, 'codeLensProvider');
  const commands = caps.executeCommandProvider?.commands ?? [];
  for (const c of ['flowlens.server.generate', 'flowlens.server.cancel', 'flowlens.server.capabilityDetails']) {
    assert.ok(commands.includes(c), `executeCommandProvider.commands has ${c}: ${JSON.stringify(commands)}`);
  }
  assert.ok(caps.textDocumentSync !== undefined, 'textDocumentSync');
});

test('a "Generate workflow" lens sits on the task and points at flowlens.server.generate', async () => {
  const lenses = await codeLenses(init.capabilities);
  const gen = lenses.find((l) => l.command?.title === 'Generate workflow');
  assert.ok(gen, `lenses: ${JSON.stringify(lenses)}`);
  assert.equal(gen.command.command, 'flowlens.server.generate');
  const arg = gen.command.arguments?.[0];
  assert.equal(arg?.uri, ws.taskUri);
  assert.equal(typeof arg.line, 'number');
  // The lens belongs to the task: on the comment or the method below it.
  assert.ok(gen.range.start.line >= ws.taskLine && gen.range.start.line <= ws.taskLine + 3, `lens line ${gen.range.start.line}`);
});

test('cancel stops a running generation', async () => {
  const progressBefore = events.progress.length;
  const run = generate(ws.taskLine).then(
    (result) => ({ result }),
    (error) => ({ error }),
  );
  // Cancel once the run has visibly started, as a user would after seeing the progress.
  const started = Date.now();
  while (events.progress.length === progressBefore && Date.now() - started < 60000) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(events.progress.length > progressBefore, 'the run reported progress before it was cancelled');
  const cancelled = await conn.sendRequest('workspace/executeCommand', { command: 'flowlens.server.cancel', arguments: [{ uri: ws.taskUri }] });
  assert.equal(cancelled, null);
  const cancelAt = Date.now();
  const outcome = await withTimeout(run, 30000, 'the cancelled generation to settle');
  const settleMs = Date.now() - cancelAt;
  // A cancelled run must not write into the document, whether it answers with an error or a result.
  if (outcome.result) {
    assert.equal(outcome.result.applied, false, `a cancelled run applied an edit: ${JSON.stringify(outcome.result)}`);
  }
  assert.equal(events.applyEdits.length, 0, 'no workspace/applyEdit for a cancelled run');
  assert.ok(settleMs < 30000);
  const begins = events.progress.filter((p) => p.value?.kind === 'begin').length;
  const ends = events.progress.filter((p) => p.value?.kind === 'end').length;
  assert.equal(ends, begins, 'every progress that began also ended');
});

let result;

test('generate reports progress, applies only a compiling edit, and returns a GenerateResult', async () => {
  const progressBefore = events.progress.length;
  result = await withTimeout(generate(ws.taskLine), GENERATE_TIMEOUT_MS, 'flowlens.server.generate');
  assert.equal(typeof result.runId, 'string');
  assert.equal(typeof result.summary, 'string');
  assert.ok(Number.isInteger(result.passed) && Number.isInteger(result.total), JSON.stringify(result));
  assert.ok(result.total > 0, 'the fixture has tests, so a run counts them');
  assert.ok(result.passed >= 0 && result.passed <= result.total);
  assert.ok(Array.isArray(result.contributions) && result.contributions.length > 0, 'contributions');
  for (const c of result.contributions) {
    assert.equal(typeof c.capability, 'string');
    assert.equal(typeof c.delta, 'number');
    assert.equal(typeof c.label, 'string');
  }
  // Progress: begin ... end on one token, within this run.
  const mine = events.progress.slice(progressBefore);
  const begin = mine.find((p) => p.value?.kind === 'begin');
  assert.ok(begin, `a $/progress begin: ${JSON.stringify(mine)}`);
  assert.ok(mine.some((p) => p.value?.kind === 'end' && p.token === begin.token), 'a $/progress end on the same token');
  // The edit: a result that compiles is sent as one workspace/applyEdit before the answer (we say applied:true); one
  // that does not compile (the built-in random model's usual output) is never sent, and the user is told why.
  if (events.applyEdits.length === 0) {
    assert.equal(result.applied, false);
    assert.equal(text, ws.text, 'no edit, so the task file is unchanged');
    assert.ok(events.logs.some((m) => /not applied/.test(m)), `a message says why: ${JSON.stringify(events.logs)}`);
  } else {
    assert.equal(events.applyEdits.length, 1, 'one workspace/applyEdit');
    assert.equal(result.applied, true);
    assert.notEqual(text, ws.text, 'the edit changed the task file');
  }
});

test('lenses after the run: a summary and one per capability with its contribution', async () => {
  // Give a didChange sent after the edit a moment to reach the server before asking again.
  await new Promise((r) => setTimeout(r, 200));
  const lenses = await codeLenses(init.capabilities);
  const summary = lenses.find((l) => l.command?.command === 'flowlens.showWorkflowGraph');
  assert.ok(summary, `a summary lens: ${JSON.stringify(lenses.map((l) => l.command))}`);
  assert.match(summary.command.title, /\d+\/\d+ tests/);
  const caps = lenses.filter((l) => l.command?.command === 'flowlens.showCapabilityDetails');
  assert.equal(caps.length, result.contributions.length, 'one lens per contribution');
  for (const lens of caps) {
    assert.match(lens.command.title, /[+-]\d+\.\d\d/);
    const arg = lens.command.arguments?.[0];
    assert.equal(arg.uri, ws.taskUri);
    assert.equal(typeof arg.line, 'number');
    assert.ok(result.contributions.some((c) => c.capability === arg.capability), `lens for ${arg.capability}`);
  }
});

test('flowlens/workflowGraph returns the last workflow as Mermaid with contributions', async () => {
  const graph = await conn.sendRequest('flowlens/workflowGraph', { uri: ws.taskUri });
  assert.ok(graph, 'a graph after a run');
  assert.match(graph.mermaid, /^\s*(flowchart|graph)\s+(LR|TD|TB)/);
  assert.equal(typeof graph.contributions, 'object');
  for (const v of Object.values(graph.contributions)) assert.equal(typeof v, 'number');
});

test('flowlens.server.capabilityDetails explains one capability', async () => {
  const capability = result.contributions[0].capability;
  const details = await conn.sendRequest('workspace/executeCommand', {
    command: 'flowlens.server.capabilityDetails',
    arguments: [{ uri: ws.taskUri, line: ws.taskLine, capability }],
  });
  assert.equal(typeof details.title, 'string');
  assert.equal(typeof details.markdown, 'string');
  assert.ok(details.markdown.length > 0);
});

test('flowlens/serverStatus was sent and ends not busy', () => {
  assert.ok(events.status.length > 0, 'at least one flowlens/serverStatus');
  for (const s of events.status) {
    assert.equal(typeof s.modelLoaded, 'boolean');
    assert.ok(['local', 'ollama', 'openai', 'none'].includes(s.backend), s.backend);
    assert.ok(['gpu', 'cpu', 'remote'].includes(s.device), s.device);
    assert.equal(typeof s.busy, 'boolean');
  }
  assert.equal(events.status.at(-1).busy, false);
});

test('shutdown and exit end the process with code 0', async () => {
  const res = await withTimeout(conn.sendRequest('shutdown'), 10000, 'shutdown');
  assert.equal(res ?? null, null);
  conn.sendNotification('exit');
  // LSP: `exit` asks the server to exit its process; a client need not close the pipe first.
  const outcome = await withTimeout(exited, 10000, 'exit').then(
    (code) => ({ code }),
    (error) => ({ error }),
  );
  if (outcome.error) {
    // Say whether closing stdin (what VS Code does next) would have ended it, to point at the cause.
    server.stdin.end();
    const afterEof = await withTimeout(exited, 5000, 'exit after stdin EOF').then(
      (code) => `it exited with ${code} only once stdin closed`,
      () => 'it did not exit after stdin closed either',
    );
    assert.fail(`the server did not exit within 10 s of the exit notification; ${afterEof}`);
  }
  assert.equal(outcome.code, 0);
  conn.dispose();
});
