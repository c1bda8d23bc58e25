// Unit tests of how the extension finds its server (client-vscode/src/bootstrap.ts, as bundled).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { findServer, ServerNotFoundError } = require('../../client-vscode/dist/bootstrap.js');

const made = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function extensionDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-ext-'));
  made.push(dir);
  return dir;
}

function touch(file, mode = 0o644) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  fs.chmodSync(file, mode);
  return file;
}

test('flowlens.server.path wins; a .dll runs with dotnet, anything else directly', () => {
  const ext = extensionDir();
  touch(path.join(ext, 'server', 'flowlens'), 0o755);
  const dll = touch(path.join(ext, 'custom', 'flowlens.dll'));
  const viaDll = findServer(ext, dll);
  assert.equal(viaDll.command, process.env.FLOWLENS_DOTNET || 'dotnet');
  assert.deepEqual(viaDll.args, [dll, 'lsp']);
  assert.match(viaDll.source, /^flowlens\.server\.path/);
  const exe = touch(path.join(ext, 'custom', 'flowlens'), 0o755);
  assert.deepEqual(findServer(ext, exe), { command: exe, args: ['lsp'], source: `flowlens.server.path: ${exe}` });
});

test('a flowlens.server.path that does not exist is an error, not a silent fallback', () => {
  const ext = extensionDir();
  touch(path.join(ext, 'server', 'flowlens'), 0o755);
  assert.throws(() => findServer(ext, path.join(ext, 'nope', 'flowlens')), ServerNotFoundError);
});

test('the bundled apphost is preferred, and its lost executable bit is restored', () => {
  const ext = extensionDir();
  const exe = touch(path.join(ext, 'server', 'flowlens'), 0o644);
  touch(path.join(ext, 'server', 'flowlens.dll'));
  const launch = findServer(ext, '');
  assert.equal(launch.command, exe);
  assert.match(launch.source, /^bundled server/);
  assert.ok(fs.statSync(exe).mode & 0o100, 'chmod +x was applied');
});

test('without an apphost the bundled dll runs with dotnet', () => {
  const ext = extensionDir();
  const dll = touch(path.join(ext, 'server', 'flowlens.dll'));
  const launch = findServer(ext, '');
  assert.deepEqual(launch.args, [dll, 'lsp']);
  assert.match(launch.source, /^bundled server/);
});

test('in a checkout the more recently built of Release and Debug is used', () => {
  const ext = extensionDir();
  const rel = touch(path.join(ext, 'server', 'FlowLens.Cli', 'bin', 'Release', 'net10.0', 'flowlens.dll'));
  const dbg = touch(path.join(ext, 'server', 'FlowLens.Cli', 'bin', 'Debug', 'net10.0', 'flowlens.dll'));
  const past = new Date(Date.now() - 60000);
  fs.utimesSync(rel, past, past);
  assert.deepEqual(findServer(ext, '').args, [dbg, 'lsp']);
  fs.utimesSync(dbg, new Date(Date.now() - 120000), new Date(Date.now() - 120000));
  const launch = findServer(ext, '');
  assert.deepEqual(launch.args, [rel, 'lsp']);
  assert.match(launch.source, /^repository build/);
});

test('nothing found says what to do', () => {
  assert.throws(() => findServer(extensionDir(), ''), (e) => e instanceof ServerNotFoundError && /dotnet build server\/FlowLens\.Cli/.test(e.message));
});
