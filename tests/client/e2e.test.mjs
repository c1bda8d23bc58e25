// VS Code end to end: our .vsix installed into code-server (VS Code 1.100 in the browser), driven in
// Debian's Chromium with playwright-core. Opens the task file, checks the "Generate workflow" lens,
// clicks it, waits for the attribution lenses, then opens the workflow graph and a capability's
// details. Screenshots and logs land in tests/client/out/e2e/.
//
// Inputs: FLOWLENS_VSIX (the package to install), CODE_SERVER (the code-server binary), optionally
// CHROMIUM (default /usr/bin/chromium) and FLOWLENS_E2E_TIMEOUT_MS for the generation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { makeWorkspace, outDir } from './lib.mjs';

const vsix = process.env.FLOWLENS_VSIX;
const codeServer = process.env.CODE_SERVER;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const generateTimeout = Number(process.env.FLOWLENS_E2E_TIMEOUT_MS || 240000);
const e2eOut = path.join(outDir, 'e2e');

let server;
let serverLog = '';
let context;
let page;
let ws;
let shot = 0;
let scratch;
let userData;

async function screenshot(name) {
  shot += 1;
  const file = path.join(e2eOut, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer at ${url} within ${ms} ms:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Lens elements as VS Code 1.100 renders them: anchors inside `.codelens-decoration`. */
function lens(text) {
  return page.locator('.codelens-decoration a', { hasText: text });
}

before(async () => {
  assert.ok(vsix && fs.existsSync(vsix), `FLOWLENS_VSIX must name the .vsix to test (got ${vsix})`);
  assert.ok(codeServer && fs.existsSync(codeServer), `CODE_SERVER must name the code-server binary (got ${codeServer})`);
  fs.rmSync(e2eOut, { recursive: true, force: true });
  fs.mkdirSync(e2eOut, { recursive: true });
  // Outside the checkout: a server installed under the repository would find the repository's
  // prompts/ by walking up, and the test would miss data the package forgot to ship.
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-e2e-vscode-'));
  userData = path.join(scratch, 'user-data');
  const extensions = path.join(scratch, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        // The welcome page and walkthroughs would cover the editor in the screenshots.
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'chat.commandCenter.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'editor.minimap.enabled': false,
        'window.zoomLevel': 0,
        'flowlens.attribution.budget': 8,
        'flowlens.trace.server': 'messages',
        // Only for working on the client against another server; the test normally runs the bundled one.
        ...(process.env.FLOWLENS_E2E_SERVER_PATH ? { 'flowlens.server.path': process.env.FLOWLENS_E2E_SERVER_PATH } : {}),
      },
      null,
      2,
    ),
  );
  const install = spawnSync(codeServer, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], {
    encoding: 'utf8',
    timeout: 120000,
  });
  assert.equal(install.status, 0, `install failed:\n${install.stdout}\n${install.stderr}`);
  assert.match(install.stdout, /successfully installed/i, install.stdout);

  ws = makeWorkspace('flowlens-e2e-');
  const port = await freePort();
  // Its own session (detached = setsid) so the whole group, file watcher included, can be killed.
  server = spawn(
    codeServer,
    [
      '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions, ws.dir,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } },
  );
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60000);

  context = await chromium.launchPersistentContext(path.join(scratch, 'chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws.dir)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
});

after(async () => {
  try {
    if (page && !page.isClosed()) await screenshot('final').catch(() => undefined);
    await context?.close().catch(() => undefined);
  } finally {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
        await new Promise((r) => setTimeout(r, 1000));
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    }
    fs.writeFileSync(path.join(e2eOut, 'code-server.log'), serverLog);
    // The extension host's logs hold the FlowLens output channel and the LSP trace.
    const logs = userData && path.join(userData, 'logs');
    if (logs && fs.existsSync(logs)) fs.cpSync(logs, path.join(e2eOut, 'logs'), { recursive: true });
    if (ws) fs.rmSync(ws.dir, { recursive: true, force: true });
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test('the task file opens as C# and shows the "Generate workflow" lens', async () => {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 20000 });
  await page.keyboard.type('Strings.cs');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Strings.cs' }).first().waitFor({ timeout: 20000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'Strings.cs' }).waitFor({ timeout: 20000 });
  // VS Code's built-in csharp grammar names the language, which is what activates the extension.
  await page.locator('#status\\.editor\\.mode', { hasText: 'C#' }).waitFor({ timeout: 20000 });
  await lens('Generate workflow').first().waitFor({ timeout: 90000 });
  await screenshot('generate-lens');
  // The status bar item is fed by flowlens/serverStatus once the server is up.
  await page.locator('.statusbar-item', { hasText: 'FlowLens' }).first().waitFor({ timeout: 20000 });
});

test('clicking the lens runs the workflow and shows per-capability contributions', async () => {
  await lens('Generate workflow').first().click();
  const summary = lens(/\d+\/\d+ tests/);
  // A failed request shows an error toast; stop there rather than wait out the generation timeout.
  const failure = page.locator('.notification-toast', { hasText: /failed/i }).first();
  // A compiling result that fails tests is marked needsConfirmation, so VS Code previews it in the Refactor
  // Preview panel and the run completes once the user applies it.
  const apply = page.locator('.panel').getByRole('button', { name: 'Apply', exact: true }).first();
  const outcome = await Promise.race([
    summary.first().waitFor({ timeout: generateTimeout }).then(() => 'lenses'),
    failure.waitFor({ timeout: generateTimeout }).then(() => 'failure'),
    apply.waitFor({ timeout: generateTimeout }).then(() => 'preview'),
  ]);
  if (outcome === 'failure') {
    await screenshot('generation-failed');
    assert.fail(`generation failed in VS Code: ${await failure.innerText()} (see out/e2e/logs, "FlowLens" output)`);
  }
  if (outcome === 'preview') {
    // Edits that need confirmation start unchecked; tick the file, as a user accepting it would.
    const fileCheckbox = page.locator('.panel input.edit-checkbox').first();
    await fileCheckbox.check();
    assert.ok(await fileCheckbox.isChecked());
    await screenshot('edit-preview');
    await apply.click();
    await summary.first().waitFor({ timeout: 60000 });
  }
  const contribution = lens(/[+-]\d+\.\d\d/);
  await contribution.first().waitFor({ timeout: 30000 });
  const titles = await page.locator('.codelens-decoration a').allInnerTexts();
  await screenshot('attribution-lenses');
  assert.ok(titles.some((t) => /\d+\/\d+ tests/.test(t)), `lenses: ${JSON.stringify(titles)}`);
  assert.ok(titles.filter((t) => /[+-]\d+\.\d\d/.test(t)).length >= 1, `lenses: ${JSON.stringify(titles)}`);
  // A result that does not compile is never applied (the built-in random model's code never compiles): the stub
  // stays. A result that compiles but fails tests is previewed first and applied once the user says so.
  const editorText = await page.locator('.monaco-editor .view-lines').first().innerText();
  if (outcome === 'preview') {
    assert.ok(!editorText.includes('NotImplementedException'), `editor still holds the stub after Apply:\n${editorText}`);
  } else {
    assert.ok(editorText.includes('NotImplementedException'), `a result that does not compile was applied:\n${editorText}`);
  }
});

test('the summary lens opens the workflow graph', async () => {
  await lens(/\d+\/\d+ tests/).first().click();
  await page.locator('.tab', { hasText: 'FlowLens workflow' }).waitFor({ timeout: 20000 });
  // Webview content lives in nested iframes; wait for the SVG the renderer drew.
  const frame = page.frameLocator('iframe.webview').frameLocator('iframe');
  await frame.locator('svg.flowlens-graph g.node').first().waitFor({ timeout: 20000 });
  const nodes = await frame.locator('svg.flowlens-graph g.node').count();
  await screenshot('workflow-graph');
  assert.ok(nodes >= 1);
});

test('a capability lens opens its read-only details document', async () => {
  await page.locator('.tab', { hasText: 'Strings.cs' }).first().click();
  await lens(/[+-]\d+\.\d\d/).first().click();
  const tab = page.locator('.tab.active', { hasText: '.md' });
  await tab.waitFor({ timeout: 20000 });
  await screenshot('capability-details');
  const text = await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
  assert.match(text, /^#\s+\S/m, text);
});

test('"FlowLens: Select model" offers the model cache and Browse...', async () => {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type('FlowLens: Select model');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Select model' }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Browse...' }).first().waitFor({ timeout: 10000 });
  await screenshot('select-model');
  await page.keyboard.press('Escape');
});

test('"FlowLens: Restart server" starts a new server that serves lenses again', async () => {
  await page.locator('.tab', { hasText: 'Strings.cs' }).first().click();
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type('FlowLens: Restart server');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Restart server' }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  const log = () => {
    const logs = path.join(userData, 'logs');
    const file = fs.readdirSync(logs, { recursive: true }).find((f) => String(f).endsWith('-FlowLens.log'));
    return file ? fs.readFileSync(path.join(logs, String(file)), 'utf8') : '';
  };
  const deadline = Date.now() + 30000;
  while ((log().match(/Connected to flowlens/g) ?? []).length < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal((log().match(/Connected to flowlens/g) ?? []).length, 2, log());
  // The new server has no runs yet, and re-registering the server commands must not have failed.
  await lens('Generate workflow').first().waitFor({ timeout: 30000 });
  assert.doesNotMatch(log(), /already exists/, log());
  await screenshot('after-restart');
});

test('"FlowLens: Generate workflow" from the palette runs at the cursor and "FlowLens: Cancel" stops it', async () => {
  // Put the cursor on the method's signature (line 7, 1-based) with Go to Line.
  await page.locator('.tab', { hasText: 'Strings.cs' }).first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type(String(ws.taskLine + 3));
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${ws.taskLine + 3},` }).first().waitFor({ timeout: 10000 });
  const palette = async (title) => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  };
  await palette('FlowLens: Generate workflow');
  // While it runs, the server's lens turns into a cancel action.
  await lens('Generating').first().waitFor({ timeout: 30000 });
  await screenshot('generating');
  await palette('FlowLens: Cancel all generations');
  await lens('Generate workflow').first().waitFor({ timeout: 30000 });
  const logs = path.join(userData, 'logs');
  const file = fs.readdirSync(logs, { recursive: true }).find((f) => String(f).endsWith('-FlowLens.log'));
  const deadline = Date.now() + 10000;
  let text = '';
  while (!/Generation cancelled\./.test(text) && Date.now() < deadline) {
    text = fs.readFileSync(path.join(logs, String(file)), 'utf8');
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(text, /Generation cancelled\./, text);
  // A cancellation is the user's choice: no error toast for it.
  assert.equal(await page.locator('.notification-toast', { hasText: /failed/i }).count(), 0);
});

test('the output channel says which server the extension started', () => {
  const logs = path.join(userData, 'logs');
  const files = fs.readdirSync(logs, { recursive: true }).filter((f) => String(f).endsWith('-FlowLens.log'));
  assert.ok(files.length > 0, 'a FlowLens output channel log');
  const text = fs.readFileSync(path.join(logs, String(files[0])), 'utf8');
  assert.match(text, /Starting the FlowLens server \(bundled server: .*\/server\/flowlens\)/, text);
  assert.match(text, /Connected to flowlens/, text);
});
