// Neovim 0.7 (Debian's) as a second, independent LSP client: it must receive the "Generate workflow"
// lens on the task comment of a fresh workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { here, makeWorkspace, outDir, serverCommand } from './lib.mjs';

test('neovim receives the "Generate workflow" lens on the task', () => {
  const ws = makeWorkspace('flowlens-nvim-');
  try {
    const { command, args } = serverCommand();
    const res = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(here, 'neovim-lenses.lua')}`], {
      cwd: ws.dir,
      env: { ...process.env, FLOWLENS_SERVER_ARGV: JSON.stringify([command, ...args]), FLOWLENS_TASK_FILE: ws.taskFile, FLOWLENS_WORKSPACE: ws.dir },
      encoding: 'utf8',
      timeout: 120000,
    });
    const output = `${res.stdout}\n${res.stderr}`;
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'neovim-output.txt'), output);
    assert.equal(res.error, undefined, `nvim failed to run: ${res.error}`);
    assert.match(res.stdout, /^INITIALIZED codeLens$/m, output);
    const lens = /^LENS (\d+) Generate workflow -> flowlens\.server\.generate$/m.exec(res.stdout);
    assert.ok(lens, `no "Generate workflow" lens in:\n${output}`);
    const line = Number(lens[1]);
    assert.ok(line >= ws.taskLine && line <= ws.taskLine + 3, `lens on line ${line}, task on ${ws.taskLine}`);
    assert.equal(res.status, 0, output);
  } finally {
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});
