// The scripted OpenAI-compatible server the e2e run points the extension at (support/scripted-openai-server.mjs):
// it must tell the product's requests apart by the prompts in prompts/, speak the chat-completions wire format
// (plain and streamed), refuse what it has no answer for in words, and wait, hold and drop answers as the tests ask.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repo } from './lib.mjs';
import { kindOf, loadScript, readInstructions, startScriptedOpenAIServer } from './support/scripted-openai-server.mjs';

const promptsDir = path.join(repo, 'prompts');
let model;

before(async () => {
  model = await startScriptedOpenAIServer({ delayMs: 20 });
});

after(async () => {
  await model?.close();
});

function chat(body, init = {}) {
  return fetch(`${model.url}/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), ...init });
}

/** A capability's prompt as the product fills it: its template body with every placeholder replaced. */
function filledPrompt(file) {
  const body = fs.readFileSync(file, 'utf8').split('---').slice(2).join('---');
  return body.replace(/\{\{[a-z_]+\}\}/g, 'public static string Reverse(string s)');
}

test('every capability with a prompt is recognised by its own instruction line, and no two share one', () => {
  const instructions = readInstructions(promptsDir);
  const lines = instructions.capabilities.map((c) => c.line);
  assert.equal(new Set(lines).size, lines.length, `instruction lines must differ: ${JSON.stringify(instructions.capabilities)}`);
  // The script answers these, so the server must know each of them.
  for (const id of Object.keys(loadScript().steps)) {
    assert.ok(instructions.capabilities.some((c) => c.id === id), `${id} in ${JSON.stringify(instructions.capabilities)}`);
  }
  const dir = path.join(promptsDir, 'capabilities');
  for (const { id } of instructions.capabilities) {
    const messages = [
      { role: 'system', content: 'You are one step of a C# coding workflow. Follow the instructions exactly.' },
      { role: 'user', content: filledPrompt(path.join(dir, `${id}.md`)) },
    ];
    assert.equal(kindOf({ messages }, instructions), id);
  }
});

test('the meta-agent is recognised by its JSON schema or, without one, by its prompt', () => {
  const instructions = readInstructions(promptsDir);
  const prompt = fs.readFileSync(path.join(promptsDir, 'meta-agent.md'), 'utf8').replace(/\{\{[a-z]+\}\}/g, '');
  assert.equal(kindOf({ messages: [{ role: 'user', content: prompt }] }, instructions), 'meta-agent');
  assert.equal(kindOf({ messages: [{ role: 'user', content: 'anything' }], response_format: { type: 'json_schema' } }, instructions), 'meta-agent');
  assert.equal(kindOf({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Which implementation is nicest?' }] }] }, instructions), 'unknown');
});

test('GET /v1/models lists the scripted model', async () => {
  const res = await fetch(`${model.url}/models`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.data.map((m) => m.id), [loadScript().model]);
});

test('a chat completion answers the step with the script, after the delay', async () => {
  const script = loadScript();
  const started = Date.now();
  const res = await chat({ model: script.model, messages: [{ role: 'user', content: filledPrompt(path.join(promptsDir, 'capabilities', 'repair.md')) }] });
  const elapsed = Date.now() - started;
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.object, 'chat.completion');
  assert.equal(body.choices[0].message.content, script.steps.repair);
  assert.equal(body.choices[0].finish_reason, 'stop');
  assert.ok(body.usage.total_tokens > 0);
  assert.ok(elapsed >= 15, `answered after ${elapsed} ms, before its 20 ms delay`);
  assert.ok(body.choices[0].message.content.includes(script.answerLine), 'the repair holds the answer line the e2e test looks for');
});

test('stream: true answers as server-sent events that join to the same answer and end with [DONE]', async () => {
  const script = loadScript();
  const res = await chat({ stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: filledPrompt(path.join(promptsDir, 'capabilities', 'draft.md')) }] });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/event-stream/);
  const events = (await res.text()).split('\n\n').filter((e) => e.length > 0).map((e) => e.replace(/^data: /, ''));
  assert.equal(events.at(-1), '[DONE]');
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
  assert.equal(chunks.map((c) => c.choices[0].delta.content ?? '').join(''), script.steps.draft);
  assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
  assert.ok(chunks.at(-1).usage.total_tokens > 0);
});

test('a step the script does not answer, a body that is not JSON and another path get errors in words', async () => {
  const unknown = await chat({ messages: [{ role: 'user', content: filledPrompt(path.join(promptsDir, 'capabilities', 'review.md')) }] });
  assert.equal(unknown.status, 400);
  assert.match((await unknown.json()).error.message, /no answer for the 'review' step/);
  const notJson = await fetch(`${model.url}/chat/completions`, { method: 'POST', body: '{"messages": [' });
  assert.equal(notJson.status, 400);
  assert.match((await notJson.json()).error.message, /not JSON/);
  const elsewhere = await fetch(`${model.url}/completions`, { method: 'POST', body: '{}' });
  assert.equal(elsewhere.status, 404);
  assert.match((await elsewhere.json()).error.message, /POST \/v1\/chat\/completions/);
});

test('held answers wait for release; a request the client abandons is dropped unanswered', async () => {
  const plan = { messages: [{ role: 'user', content: filledPrompt(path.join(promptsDir, 'capabilities', 'plan.md')) }] };
  model.hold();
  let settled = false;
  const answered = chat(plan).then((r) => {
    settled = true;
    return r;
  });
  const abort = new AbortController();
  const abandoned = chat(plan, { signal: abort.signal }).catch((e) => e);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(settled, false, 'an answer went out while held');
  abort.abort();
  assert.equal((await abandoned).name, 'AbortError');
  // The server notices the closed connection on its own time.
  const deadline = Date.now() + 2000;
  while (!model.requests.some((r) => r.kind === 'plan' && r.abandoned) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  model.release();
  assert.equal((await answered).status, 200);
  const plans = model.requests.filter((r) => r.kind === 'plan');
  assert.equal(plans.filter((r) => r.abandoned).length, 1, JSON.stringify(plans));
  assert.equal(plans.filter((r) => r.answeredAt !== undefined).length, 1, JSON.stringify(plans));
});

test('holdWhen holds from the first request its predicate names, that request included', async () => {
  const step = (id) => ({ messages: [{ role: 'user', content: filledPrompt(path.join(promptsDir, 'capabilities', `${id}.md`)) }] });
  model.holdWhen((request) => request.kind === 'repair');
  assert.equal((await chat(step('draft'))).status, 200, 'a request before the named one is answered');
  let settled = false;
  const repair = chat(step('repair')).then((r) => {
    settled = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(settled, false, 'the named request was answered while held');
  model.release();
  assert.equal((await repair).status, 200);
  // One-shot: a later request of the same kind goes through.
  assert.equal((await chat(step('repair'))).status, 200);
});
