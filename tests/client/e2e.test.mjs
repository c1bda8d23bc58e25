// VS Code end to end: our .vsix installed into code-server (VS Code 1.100 in the browser), driven in
// Debian's Chromium with playwright-core. The extension's OpenAI-compatible backend points at a scripted
// model server (support/scripted-openai-server.mjs), so the code it writes compiles and passes the
// workspace's tests in the real sandbox. Opens the task file, checks the "Generate workflow" lens, clicks
// it, sees the code replace the stub while the capability lenses still say "attributing…", then the
// contributions, then opens the workflow graph and a capability's details. Screenshots and logs land in
// tests/client/out/e2e/.
//
// Inputs: FLOWLENS_VSIX (the package to install), CODE_SERVER (the code-server binary), optionally
// CHROMIUM (default /usr/bin/chromium), FLOWLENS_E2E_TIMEOUT_MS for the generation and
// FLOWLENS_E2E_MODEL_DELAY_MS for the scripted model's delay per answer (default 400, so a run takes time
// as with a real model; the checks of stage 2 hold the model at attribution's first call, whatever the delay).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { makeWorkspace, outDir } from './lib.mjs';
import { startScriptedOpenAIServer } from './support/scripted-openai-server.mjs';

const vsix = process.env.FLOWLENS_VSIX;
const codeServer = process.env.CODE_SERVER;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const generateTimeout = Number(process.env.FLOWLENS_E2E_TIMEOUT_MS || 240000);
const modelDelayMs = Number(process.env.FLOWLENS_E2E_MODEL_DELAY_MS || 400);
const e2eOut = path.join(outDir, 'e2e');

let server;
let serverLog = '';
let context;
let page;
let ws;
let shot = 0;
let scratch;
let userData;
let model;

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
  model = await startScriptedOpenAIServer({ delayMs: modelDelayMs });
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
        // The extension's own settings for an OpenAI-compatible server, as a user would set them.
        'flowlens.backend': 'openai',
        'flowlens.openai.url': model.url,
        'flowlens.openai.model': model.model,
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
    if (model) {
      fs.writeFileSync(path.join(e2eOut, 'scripted-model-requests.json'), JSON.stringify(model.requests, null, 2));
      await model.close();
    }
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

/** Runs a command from the palette by its title. */
async function palette(title) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** Puts the cursor on a 1-based line of the active editor with Go to Line. */
async function goToLine(line) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${line},` }).first().waitFor({ timeout: 10000 });
}

/** The task file's text as the editor shows it (Monaco renders spaces as non-breaking ones). */
async function editorText() {
  return (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

async function waitForEditorText(predicate, ms, what) {
  const deadline = Date.now() + ms;
  let text = await editorText();
  while (!predicate(text)) {
    if (Date.now() > deadline) assert.fail(`the editor never showed ${what}:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
    text = await editorText();
  }
  return text;
}

const pendingTitle = /: attributing…/;
const contributionTitle = /[+-]\d+\.\d\d/;

/**
 * Holds the model at attribution's first call: the run's second draft request (attribution re-runs the workflow
 * without the plan, so the draft is asked again). From there the run stays in stage 2 until release(), however fast
 * or slow this machine is.
 */
function holdAtAttribution() {
  const from = model.requests.length;
  model.holdWhen((request, requests) => request.kind === 'draft' && requests.slice(from).filter((r) => r.kind === 'draft').length === 2);
}

test('Generate workflow applies the tested code at once, while the capability lenses still say "attributing…"', async () => {
  holdAtAttribution();
  await lens('Generate workflow').first().click();
  // A failed request shows an error toast; stop there rather than wait out the generation timeout.
  const failure = page.locator('.notification-toast', { hasText: /failed/i }).first();
  const outcome = await Promise.race([
    lens(pendingTitle).first().waitFor({ timeout: generateTimeout }).then(() => 'pending'),
    failure.waitFor({ timeout: generateTimeout }).then(() => 'failure'),
  ]);
  if (outcome === 'failure') {
    await screenshot('generation-failed');
    assert.fail(`generation failed in VS Code: ${await failure.innerText()} (see out/e2e/logs, "FlowLens" output)`);
  }
  // Attribution waits on the model until the editor has been looked at. Had the edit waited for attribution, the
  // code would never come.
  let text;
  let titles;
  try {
    // The code arrives as soon as the workflow is done, without a preview: it passed every test.
    text = await waitForEditorText((t) => t.includes(model.script.answerLine), 15000, `the scripted answer (${model.script.answerLine})`);
    titles = await page.locator('.codelens-decoration a').allInnerTexts();
    await screenshot('code-while-attributing');
    assert.ok(model.requests.some((r) => r.kind === 'draft' && r.answeredAt === undefined), `attribution is not waiting on the model: ${JSON.stringify(model.requests)}`);
  } finally {
    model.release();
  }
  assert.ok(!text.includes('NotImplementedException'), `the stub is still there:\n${text}`);
  // Both at once: the lenses read after the code showed still wait for attribution, and none shows a number yet.
  assert.ok(titles.some((t) => pendingTitle.test(t)), `no lens says "attributing…" once the code is in: ${JSON.stringify(titles)}`);
  assert.ok(!titles.some((t) => contributionTitle.test(t)), `a contribution before attribution ended: ${JSON.stringify(titles)}`);
  const summary = titles.find((t) => /\d+\/\d+ tests/.test(t));
  assert.ok(summary, `a summary lens with the test results: ${JSON.stringify(titles)}`);
  const [, passed, total] = summary.match(/(\d+)\/(\d+) tests/);
  assert.equal(passed, total, `the applied code passed every test: ${summary}`);
  for (const capability of ['plan', 'draft', 'repair']) {
    assert.ok(titles.includes(`${capability}: attributing…`), `"${capability}: attributing…" in ${JSON.stringify(titles)}`);
  }
});

test('then the capability lenses show numeric contributions', async () => {
  await lens(contributionTitle).first().waitFor({ timeout: 60000 });
  await page.locator('.codelens-decoration a', { hasText: pendingTitle }).first().waitFor({ state: 'detached', timeout: 30000 });
  const titles = await page.locator('.codelens-decoration a').allInnerTexts();
  await screenshot('attribution-lenses');
  // The scripted draft passes some tests and the repair the rest, so both have something to contribute.
  const contribution = (capability) => {
    const title = titles.find((t) => new RegExp(`^${capability} [+-]\\d`).test(t));
    assert.ok(title, `a lens with ${capability}'s contribution: ${JSON.stringify(titles)}`);
    return Number(title.match(contributionTitle)[0]);
  };
  assert.ok(contribution('draft') > 0, JSON.stringify(titles));
  assert.ok(contribution('repair') > 0, JSON.stringify(titles));
  assert.ok(Number.isFinite(contribution('plan')), JSON.stringify(titles));
  assert.ok(!titles.some((t) => pendingTitle.test(t)), JSON.stringify(titles));
  const text = await editorText();
  assert.ok(text.includes(model.script.answerLine), `the code is still there:\n${text}`);
});

test('the applied code is one edit: one undo brings the stub back', async () => {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  const undone = await waitForEditorText((t) => t.includes('NotImplementedException'), 10000, 'the stub after one undo');
  assert.ok(!undone.includes(model.script.answerLine), `one undo left part of the code:\n${undone}`);
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

/** How many times the LSP trace says the client sent this notification. */
function sentToServer(method) {
  const logs = path.join(userData, 'logs');
  const files = fs.readdirSync(logs, { recursive: true }).filter((f) => String(f).endsWith('-FlowLens LSP trace.log'));
  const needle = `Sending notification '${method}'`;
  return files.map((f) => fs.readFileSync(path.join(logs, String(f)), 'utf8').split(needle).length - 1).reduce((a, b) => a + b, 0);
}

/** Generates from the palette at the method and waits for stage 2: the code in the editor, attribution pending. */
async function generateUntilAttributing() {
  await page.locator('.tab', { hasText: 'Strings.cs' }).first().click();
  await goToLine(ws.taskLine + 3);
  // Attribution stays in flight until the test has done what it came for.
  holdAtAttribution();
  await palette('FlowLens: Generate workflow');
  await lens(pendingTitle).first().waitFor({ timeout: generateTimeout });
  await waitForEditorText((t) => t.includes(model.script.answerLine), 15000, 'the scripted answer');
}

test('"FlowLens: Cancel all generations" during attribution keeps the code and says the attribution was cancelled', async () => {
  // The graph and the details opened beside the task file; close them so the lenses are seen whole.
  await page.keyboard.press('Escape');
  await page.locator('.tab', { hasText: 'Strings.cs' }).first().click();
  assert.ok((await editorText()).includes('NotImplementedException'), 'the stub the undo brought back');
  await palette('View: Close Editors in Other Groups');
  try {
    await generateUntilAttributing();
    await palette('FlowLens: Cancel all generations');
    await lens(/attribution cancelled/).first().waitFor({ timeout: 30000 });
  } finally {
    model.release();
  }
  const titles = await page.locator('.codelens-decoration a').allInnerTexts();
  await screenshot('attribution-cancelled');
  assert.ok(!titles.some((t) => contributionTitle.test(t)), `a contribution after a cancelled attribution: ${JSON.stringify(titles)}`);
  assert.ok(titles.some((t) => /\d+\/\d+ tests/.test(t)), `the summary lens stays: ${JSON.stringify(titles)}`);
  const code = await editorText();
  assert.ok(code.includes(model.script.answerLine) && !code.includes('NotImplementedException'), `the code was not kept:\n${code}`);
});

test('editing the method during attribution drops the attribution and keeps the edit', async () => {
  try {
    await generateUntilAttributing();
    // A note of the user's own after the body's opening brace, written while attribution runs, as one change.
    const changesBefore = sentToServer('textDocument/didChange');
    await goToLine(ws.taskLine + 4);
    await page.keyboard.press('End');
    await page.keyboard.insertText(' // checked by hand');
    await waitForEditorText((t) => t.includes('// checked by hand'), 10000, 'the typed note');
    // Attribution goes on once the server has been told.
    const deadline = Date.now() + 15000;
    while (sentToServer('textDocument/didChange') === changesBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(sentToServer('textDocument/didChange') > changesBefore, 'the edit never reached the server (LSP trace)');
  } finally {
    model.release();
  }
  await lens(/attribution dropped/).first().waitFor({ timeout: 60000 });
  const titles = await page.locator('.codelens-decoration a').allInnerTexts();
  await screenshot('attribution-dropped');
  // No numbers for code that is no longer there.
  assert.ok(!titles.some((t) => contributionTitle.test(t)), `contributions for the old text: ${JSON.stringify(titles)}`);
  const code = await editorText();
  assert.ok(code.includes('// checked by hand') && code.includes(model.script.answerLine), `the edit or the code was lost:\n${code}`);
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
  await goToLine(ws.taskLine + 3);
  const before = await editorText();
  // The model holds its answers, so the cancel lands while the workflow runs (stage 1), before any code exists.
  model.hold();
  try {
    await palette('FlowLens: Generate workflow');
    // While it runs, the server's lens turns into a cancel action.
    await lens('Generating').first().waitFor({ timeout: 30000 });
    await screenshot('generating');
    await palette('FlowLens: Cancel all generations');
    await lens('Generate workflow').first().waitFor({ timeout: 30000 });
  } finally {
    model.release();
  }
  // Nothing was written.
  assert.equal(await editorText(), before);
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

test('the scripted model understood every request the server sent, and answered each it was not told to drop', () => {
  assert.ok(model.requests.length > 0, 'the server asked the model');
  const unknown = model.requests.filter((r) => r.kind === 'unknown' || (r.kind !== 'meta-agent' && !(r.kind in model.script.steps)));
  assert.deepEqual(unknown, [], 'requests the script has no answer for');
  const unanswered = model.requests.filter((r) => r.answeredAt === undefined && !r.abandoned);
  assert.deepEqual(unanswered, [], 'requests neither answered nor abandoned by the client');
});

test('the output channel says which server the extension started', () => {
  const logs = path.join(userData, 'logs');
  const files = fs.readdirSync(logs, { recursive: true }).filter((f) => String(f).endsWith('-FlowLens.log'));
  assert.ok(files.length > 0, 'a FlowLens output channel log');
  const text = fs.readFileSync(path.join(logs, String(files[0])), 'utf8');
  assert.match(text, /Starting the FlowLens server \(bundled server: .*\/server\/flowlens\)/, text);
  assert.match(text, /Connected to flowlens/, text);
});
