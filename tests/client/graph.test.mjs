// Unit tests of the webview's Mermaid-subset renderer, loaded from the esbuild output so they test
// exactly the code the extension ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parseMermaid, renderMermaid, contributionFill } = require('../../client-vscode/dist/graphRender.js');

const sample = `flowchart LR
  draft[draft x3] --> tests[run-tests]
  tests -->|fail| repair[repair]
  repair --> vote[vote]
  tests --> vote
  style vote fill:#ffcc00`;

test('parses nodes, labels, edges and styles of the flowchart subset', () => {
  const g = parseMermaid(sample);
  assert.equal(g.direction, 'LR');
  assert.deepEqual([...g.nodes.keys()], ['draft', 'tests', 'repair', 'vote']);
  assert.equal(g.nodes.get('draft').label, 'draft x3');
  assert.equal(g.nodes.get('vote').fill, '#ffcc00');
  assert.deepEqual(
    g.edges.map((e) => `${e.from}>${e.to}${e.label ? `:${e.label}` : ''}`),
    ['draft>tests', 'tests>repair:fail', 'repair>vote', 'tests>vote'],
  );
});

test('parses chains, fan-out with &, quoted labels and dotted edges', () => {
  const g = parseMermaid('graph TD\nA["a [x]"] --> B & C -.-> D;');
  assert.equal(g.direction, 'TB');
  assert.equal(g.nodes.get('A').label, 'a [x]');
  assert.deepEqual(g.edges.map((e) => `${e.from}>${e.to}${e.dotted ? '~' : ''}`), ['A>B', 'A>C', 'B>D~', 'C>D~']);
});

test('renders every node and edge, coloured by contribution', () => {
  const svg = renderMermaid(sample, { contributions: { repair: 0.4, draft: -0.2, tests: 0 } });
  assert.match(svg, /^<svg /);
  assert.equal((svg.match(/<g class="node"/g) ?? []).length, 4);
  assert.equal((svg.match(/<path class="edge"/g) ?? []).length, 4);
  assert.match(svg, /data-id="repair" data-contribution="0.4"/);
  assert.ok(svg.includes(`fill="${contributionFill(0.4).fill}"`));
  assert.ok(svg.includes(`fill="${contributionFill(-0.2).fill}"`));
  assert.ok(svg.includes('+0.40'));
  assert.ok(svg.includes('-0.20'));
  // A node without a contribution keeps the style the server gave it.
  assert.ok(svg.includes('fill="#ffcc00"'));
});

test('positive, negative and zero contributions get distinct hues', () => {
  assert.match(contributionFill(0.5).fill, /^hsl\(130,/);
  assert.match(contributionFill(-0.5).fill, /^hsl\(0,/);
  assert.equal(contributionFill(0).fill, '#d0d4da');
});

test('lays out left to right: each edge goes from a column to a later one', () => {
  const svg = renderMermaid(sample);
  const x = (id) => Number(new RegExp(`data-id="${id}"[^]*?<rect x="([\\d.]+)"`).exec(svg)[1]);
  assert.ok(x('draft') < x('tests'));
  assert.ok(x('tests') < x('repair'));
  assert.ok(x('repair') < x('vote'));
});

test('a delta the server already put in the label is not printed twice', () => {
  const svg = renderMermaid('flowchart LR\n  repair["repair<br/>+0.40"]', { contributions: { repair: 0.4 } });
  assert.equal((svg.match(/<text[^>]*>\+0\.40<\/text>/g) ?? []).length, 1);
  assert.match(svg, /font-weight="bold">\+0\.40</);
});

test('a contribution keyed by the capability id reaches its node (edge-tests -> edge_tests)', () => {
  const svg = renderMermaid('flowchart LR\n  edge_tests["edge-tests"]', { contributions: { 'edge-tests': -0.25 } });
  assert.match(svg, /data-id="edge_tests" data-contribution="-0.25"/);
});

test('a cycle still renders instead of hanging', () => {
  const svg = renderMermaid('flowchart LR\nA --> B\nB --> A');
  assert.equal((svg.match(/<g class="node"/g) ?? []).length, 2);
});

test('escapes labels so a label cannot inject markup', () => {
  const svg = renderMermaid('flowchart LR\nA["<script>x</script>"]');
  assert.ok(!svg.includes('<script>'));
  assert.ok(svg.includes('&lt;script&gt;'));
});
