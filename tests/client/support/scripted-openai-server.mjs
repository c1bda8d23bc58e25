#!/usr/bin/env node
// A scripted OpenAI-compatible chat-completions server for the client tests (test support only, never a product
// default). It answers from a script (fixtures/scripted-model/*.json): the meta-agent's request, known by its JSON
// schema (`response_format`) or the meta-agent prompt's first line, gets the script's selection; a capability step,
// known by its instruction line read from prompts/capabilities/*.md as a real model would read it, gets that step's
// answer. Every answer waits a fixed delay first, so a run takes visible time, and a request the client abandons
// (cancelled) is dropped without an answer. A request the script has no answer for gets a 400 that says so.
//
// As a module: `const model = await startScriptedOpenAIServer({ script, delayMs })`, then `model.url` (ends in /v1),
// `model.requests`, `model.setDelay(ms)`, `model.hold()` / `model.holdWhen(predicate)` / `model.release()` (answers
// wait while held, so a test can keep a run in a stage for as long as it looks), `await model.close()`.
// As a program: `node scripted-openai-server.mjs [--script FILE] [--delay-ms N] [--port N]` prints its URL and serves
// until killed, for trying the product by hand (`flowlens run --backend openai --openai-url URL --openai-model M`).
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');

/** The script the client tests use by default: the Reverse task of fixtures/workspace. */
export const defaultScriptPath = path.join(here, '..', 'fixtures', 'scripted-model', 'reverse.json');

/** Reads a script file and checks the fields the server needs, naming the file in any error. */
export function loadScript(file = defaultScriptPath) {
  let script;
  try {
    script = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`the scripted model's script ${file} cannot be read: ${e.message}`);
  }
  if (typeof script.model !== 'string' || typeof script.composition !== 'string' || typeof script.steps !== 'object' || script.steps === null) {
    throw new Error(`the scripted model's script ${file} needs "model" (a string), "composition" (the selection as text) and "steps" (answers by capability id)`);
  }
  return script;
}

/**
 * How each request is recognised: the first line of the meta-agent prompt, and each capability's instruction line
 * (the first line of its prompt body that is not a placeholder). The steps share one system message, so the user
 * prompt is what tells them apart.
 */
export function readInstructions(promptsDir = path.join(repo, 'prompts')) {
  // Up to its first placeholder, which the product fills with text of its own.
  const firstLine = (text) =>
    text
      .split('\n')
      .map((l) => l.split('{{')[0].trim())
      .find((l) => l.length > 0);
  const metaAgent = firstLine(fs.readFileSync(path.join(promptsDir, 'meta-agent.md'), 'utf8'));
  const capabilities = [];
  const dir = path.join(promptsDir, 'capabilities');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const parts = fs.readFileSync(path.join(dir, file), 'utf8').split('---');
    const line = parts.length >= 3 ? firstLine(parts.slice(2).join('---')) : undefined;
    if (line) capabilities.push({ id: path.basename(file, '.md'), line });
  }
  return { metaAgent, capabilities };
}

/** The text of a chat message, whether its content is a string or a list of parts. */
function textOf(message) {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : p?.text ?? '')).join('');
  return '';
}

/** "meta-agent", a capability id, or "unknown", from what the request asks. */
export function kindOf(body, instructions) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const prompt = messages.map(textOf).join('\n');
  if (body?.response_format || (instructions.metaAgent && prompt.includes(instructions.metaAgent))) return 'meta-agent';
  const users = messages.filter((m) => m?.role === 'user');
  const last = users.length > 0 ? textOf(users.at(-1)) : prompt;
  return instructions.capabilities.find((c) => last.includes(c.line))?.id ?? 'unknown';
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function error(res, status, message) {
  sendJson(res, status, { error: { message, type: 'invalid_request_error', code: status } });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the server on 127.0.0.1. Options: `script` (an object as loadScript returns; default the Reverse script),
 * `delayMs` (before every chat answer; default 400), `port` (default: a free one), `promptsDir` (default the
 * repository's prompts/).
 */
export async function startScriptedOpenAIServer(options = {}) {
  const script = options.script ?? loadScript();
  const instructions = readInstructions(options.promptsDir);
  let delayMs = options.delayMs ?? 400;
  const requests = [];
  const sockets = new Set();
  let served = 0;
  // While set, answers wait (after their delay) until release(): a test holds the model at a moment it chose.
  let held = null;
  let holdWhen = null;
  const hold = () => {
    if (!held) {
      let open;
      const promise = new Promise((resolve) => (open = resolve));
      held = { promise, open };
    }
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method === 'GET' && url.pathname === '/v1/models') {
        sendJson(res, 200, { object: 'list', data: [{ id: script.model, object: 'model', created: 0, owned_by: 'flowlens-tests' }] });
        return;
      }
      if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
        error(res, 404, `the scripted model serves GET /v1/models and POST /v1/chat/completions, not ${req.method} ${url.pathname}`);
        return;
      }
      const raw = await readBody(req);
      let body;
      try {
        body = JSON.parse(raw);
      } catch (e) {
        error(res, 400, `the request body is not JSON: ${e.message}`);
        return;
      }
      const kind = kindOf(body, instructions);
      const record = { kind, stream: body.stream === true, receivedAt: Date.now(), answeredAt: undefined, abandoned: false };
      requests.push(record);
      if (holdWhen?.(record, requests)) {
        holdWhen = null;
        hold();
      }
      const answer = kind === 'meta-agent' ? script.composition : script.steps[kind];
      // Wait first, as a model would, and while answers are held; a client that gives up (the user cancelled) is
      // never answered.
      let timer;
      const closed = new Promise((resolve) =>
        res.on('close', () => {
          if (!res.writableFinished) record.abandoned = true;
          resolve('closed');
        }),
      );
      const delayed = new Promise((resolve) => (timer = setTimeout(() => resolve('ready'), delayMs)));
      let state = await Promise.race([delayed, closed]);
      clearTimeout(timer);
      while (state === 'ready' && held) state = await Promise.race([held.promise.then(() => 'ready'), closed]);
      if (state === 'closed' || res.destroyed) return;
      if (typeof answer !== 'string') {
        error(res, 400, `the scripted model has no answer for the '${kind}' step (script model '${script.model}')`);
        return;
      }
      served += 1;
      record.answeredAt = Date.now();
      const id = `chatcmpl-scripted-${served}`;
      const usage = { prompt_tokens: Math.ceil(raw.length / 4), completion_tokens: Math.ceil(answer.length / 4) };
      usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
      if (record.stream) {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'close' });
        const chunk = (choice, extra = {}) =>
          res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: script.model, choices: [{ index: 0, ...choice }], ...extra })}\n\n`);
        chunk({ delta: { role: 'assistant', content: '' }, finish_reason: null });
        // A few pieces, so a client that joins deltas is exercised as with a real server.
        for (let i = 0; i < answer.length; i += 64) chunk({ delta: { content: answer.slice(i, i + 64) }, finish_reason: null });
        chunk({ delta: {}, finish_reason: 'stop' }, body.stream_options?.include_usage ? { usage } : {});
        res.end('data: [DONE]\n\n');
        return;
      }
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: 0,
        model: script.model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
        usage,
      });
    } catch (e) {
      if (!res.headersSent) error(res, 500, `the scripted model failed: ${e.message}`);
      else res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/v1`,
    model: script.model,
    script,
    requests,
    /** Changes the delay of the answers to requests that arrive from now on. */
    setDelay(ms) {
      delayMs = ms;
    },
    get delayMs() {
      return delayMs;
    },
    /** Holds every answer not yet sent, and those of requests to come, until release(). */
    hold,
    /**
     * Holds once a request arrives for which `predicate(request, requests)` is true (that request's answer too): a
     * test stops the model at a point of the run it can name, such as attribution's first call, however fast the
     * machine is.
     */
    holdWhen(predicate) {
      holdWhen = predicate;
    },
    /** Lets the held answers go, each once its delay has passed. */
    release() {
      holdWhen = null;
      held?.open();
      held = null;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const delay = value('--delay-ms');
  const port = value('--port');
  if ((delay !== undefined && !/^\d+$/.test(delay)) || (port !== undefined && !/^\d+$/.test(port))) {
    console.error('usage: scripted-openai-server.mjs [--script FILE] [--delay-ms N] [--port N]');
    process.exit(2);
  }
  try {
    const model = await startScriptedOpenAIServer({
      script: loadScript(value('--script') ?? defaultScriptPath),
      delayMs: delay === undefined ? undefined : Number(delay),
      port: port === undefined ? undefined : Number(port),
    });
    console.log(`scripted model '${model.model}' at ${model.url} (${model.delayMs} ms per answer)`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
