#!/usr/bin/env node
// A stand-in for `flowlens lsp` that follows docs/lsp-extensions.md with canned answers. It exists to
// work on the client (and its test harnesses) while the real server does not build; run-all.sh never
// uses it, so no test passes because of it. Point a harness at it explicitly:
//   FLOWLENS_SERVER_CMD=tests/client/support/contract-stub-server.cjs node --test tests/client/conformance.test.mjs
//   FLOWLENS_E2E_SERVER_PATH=$PWD/tests/client/support/contract-stub-server.cjs (e2e, with a --no-server .vsix)
const path = require('node:path');
const rpc = require(path.join(__dirname, '..', '..', '..', 'node_modules', 'vscode-jsonrpc', 'node.js'));
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(process.stdin), new rpc.StreamMessageWriter(process.stdout));
const docs = new Map(); let run = null; let cancelled = false; let shutdown = false;
const status = (busy) => conn.sendNotification('flowlens/serverStatus', { modelLoaded: true, model: '/m/tiny-random.gguf', backend: 'local', device: 'cpu', busy });
conn.onRequest('initialize', () => ({ capabilities: { textDocumentSync: 1, codeLensProvider: { resolveProvider: false }, executeCommandProvider: { commands: ['flowlens.server.generate', 'flowlens.server.cancel', 'flowlens.server.capabilityDetails'] } }, serverInfo: { name: 'fake-flowlens', version: '0' } }));
conn.onNotification('initialized', () => status(false));
conn.onNotification('textDocument/didOpen', (p) => docs.set(p.textDocument.uri, p.textDocument.text));
conn.onNotification('textDocument/didChange', (p) => docs.set(p.textDocument.uri, p.contentChanges.at(-1).text));
conn.onNotification('textDocument/didClose', () => {});
conn.onNotification('workspace/didChangeConfiguration', () => {});
const taskLine = (uri) => (docs.get(uri) ?? '').split('\n').findIndex((l) => l.includes('// TASK:'));
const caps = [['draft', 0.6], ['run-tests', 0.0], ['repair', 0.4], ['vote', -0.05]];
conn.onRequest('textDocument/codeLens', (p) => {
  const line = taskLine(p.textDocument.uri); if (line < 0) return [];
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const lenses = [{ range, command: { title: 'Generate workflow', command: 'flowlens.server.generate', arguments: [{ uri: p.textDocument.uri, line }] } }];
  if (run) {
    lenses.push({ range, command: { title: 'draft x3 -> run-tests -> repair -> vote  |  3/3 tests  |  1.2 s', command: 'flowlens.showWorkflowGraph', arguments: [{ uri: p.textDocument.uri }] } });
    for (const [c, d] of caps) lenses.push({ range, command: { title: `${c} ${d >= 0 ? '+' : '-'}${Math.abs(d).toFixed(2)}`, command: 'flowlens.showCapabilityDetails', arguments: [{ uri: p.textDocument.uri, line, capability: c }] } });
  }
  return lenses;
});
conn.onRequest('workspace/executeCommand', async (p) => {
  if (p.command === 'flowlens.server.cancel') { cancelled = true; return null; }
  if (p.command === 'flowlens.server.capabilityDetails') return { title: `${p.arguments[0].capability}`, markdown: 'What it did.\n\n```csharp\nreturn x;\n```' };
  if (p.command !== 'flowlens.server.generate') throw new Error('unknown');
  const { uri } = p.arguments[0]; cancelled = false; status(true);
  const token = 'gen-' + Date.now();
  await conn.sendRequest('window/workDoneProgress/create', { token });
  conn.sendNotification('$/progress', { token, value: { kind: 'begin', title: 'FlowLens', cancellable: true } });
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 300));
    if (cancelled) { conn.sendNotification('$/progress', { token, value: { kind: 'end', message: 'cancelled' } }); status(false); return { runId: token, summary: 'cancelled', passed: 0, total: 3, contributions: [], applied: false }; }
    conn.sendNotification('$/progress', { token, value: { kind: 'report', message: `step ${i}`, percentage: i * 10 } });
  }
  const lines = docs.get(uri).split('\n'); const l = lines.findIndex((x) => x.includes('NotImplementedException'));
  const res = await conn.sendRequest('workspace/applyEdit', { label: 'FlowLens', edit: { changes: { [uri]: [{ range: { start: { line: l, character: 0 }, end: { line: l, character: lines[l].length } }, newText: '        return new string(System.Linq.Enumerable.Reverse(s).ToArray());' }] } } });
  conn.sendNotification('$/progress', { token, value: { kind: 'end' } });
  run = { uri }; status(false);
  conn.sendRequest('workspace/codeLens/refresh').catch(() => {});
  return { runId: token, summary: 'draft x3 -> run-tests -> repair -> vote', passed: 3, total: 3, contributions: caps.map(([c, d]) => ({ capability: c, delta: d, label: c })), applied: res.applied };
});
conn.onRequest('flowlens/workflowGraph', () => run ? { mermaid: 'flowchart LR\n  draft[draft x3] --> tests[run-tests]\n  tests -->|fail| repair[repair]\n  repair --> vote[vote]\n  tests --> vote', contributions: { draft: 0.6, tests: 0, repair: 0.4, vote: -0.05 } } : null);
conn.onRequest('shutdown', () => { shutdown = true; return null; });
conn.onNotification('exit', () => process.exit(shutdown ? 0 : 1));
conn.listen();
