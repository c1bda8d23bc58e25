// A small renderer for the Mermaid flowchart subset the server emits (`flowchart LR`, `A[label]`,
// `A --> B`, `A -->|text| B`, `style A fill:#...`), drawn as a layered SVG. Bundling Mermaid itself
// would add megabytes and a script to the webview; this keeps the graph offline, script-free and
// testable in plain node. It has no dependency on the vscode API for that reason.

export interface GraphNode {
  id: string;
  label: string;
  shape: 'rect' | 'round' | 'stadium' | 'circle' | 'diamond';
  fill?: string;
  stroke?: string;
  color?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  dotted: boolean;
}

export interface Graph {
  direction: 'LR' | 'RL' | 'TB' | 'BT';
  nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
}

const SHAPES: ReadonlyArray<[string, string, GraphNode['shape']]> = [
  ['((', '))', 'circle'],
  ['([', '])', 'stadium'],
  ['[[', ']]', 'rect'],
  ['[(', ')]', 'rect'],
  ['{{', '}}', 'diamond'],
  ['[', ']', 'rect'],
  ['(', ')', 'round'],
  ['{', '}', 'diamond'],
  ['>', ']', 'rect'],
];

const EDGE = /^\s*(?:(-->|---|-\.->|-\.-|==>|===)\s*(?:\|([^|]*)\|)?|--\s*([^-][^>]*?)\s*-->|-\.\s*([^.]+?)\s*\.->|==\s*([^=]+?)\s*==>)\s*/;

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    return t.slice(1, -1);
  }
  return t;
}

/** Mermaid labels may carry `<br/>` and `#quot;`-style entities; render them as plain text lines. */
function cleanLabel(s: string): string {
  return unquote(s)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/#quot;/g, '"')
    .replace(/#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}

interface NodeRef {
  id: string;
  label?: string;
  shape?: GraphNode['shape'];
  rest: string;
}

function parseNodeRef(text: string): NodeRef | undefined {
  const m = /^\s*([A-Za-z0-9_][\w.-]*?)(?=[\s[({>&;]|-->|---|-\.|==|$)/.exec(text);
  if (!m || m[1] === undefined) {
    return undefined;
  }
  const id = m[1];
  let rest = text.slice(m[0].length);
  for (const [open, close, shape] of SHAPES) {
    if (rest.startsWith(open)) {
      const end = findClose(rest, open.length, close);
      if (end < 0) {
        return undefined;
      }
      const label = cleanLabel(rest.slice(open.length, end));
      rest = rest.slice(end + close.length);
      return { id, label, shape, rest };
    }
  }
  return { id, rest };
}

/** Finds the closing bracket, skipping over a quoted label that may contain brackets itself. */
function findClose(s: string, from: number, close: string): number {
  let i = from;
  while (i < s.length) {
    if (s[i] === '"') {
      const q = s.indexOf('"', i + 1);
      if (q < 0) {
        return -1;
      }
      i = q + 1;
      continue;
    }
    if (s.startsWith(close, i)) {
      return i;
    }
    i++;
  }
  return -1;
}

function parseStyle(decl: string): Partial<Pick<GraphNode, 'fill' | 'stroke' | 'color'>> {
  const out: Partial<Pick<GraphNode, 'fill' | 'stroke' | 'color'>> = {};
  for (const part of decl.split(',')) {
    const [k, v] = part.split(':').map((x) => x.trim());
    if (!k || !v) {
      continue;
    }
    if (k === 'fill' || k === 'stroke' || k === 'color') {
      out[k] = v;
    }
  }
  return out;
}

export function parseMermaid(text: string): Graph {
  const graph: Graph = { direction: 'LR', nodes: new Map(), edges: [] };
  const classes = new Map<string, ReturnType<typeof parseStyle>>();
  const pendingClass: Array<[string, string]> = [];
  const touch = (ref: NodeRef): void => {
    const existing = graph.nodes.get(ref.id);
    if (existing) {
      if (ref.label !== undefined) {
        existing.label = ref.label;
      }
      if (ref.shape) {
        existing.shape = ref.shape;
      }
    } else {
      graph.nodes.set(ref.id, { id: ref.id, label: ref.label ?? ref.id, shape: ref.shape ?? 'rect' });
    }
  };
  const statements = text
    .split(/\r?\n/)
    .flatMap((line) => line.split(';'))
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !s.startsWith('%%'));
  for (const st of statements) {
    const header = /^(?:flowchart|graph)\s*(LR|RL|TB|TD|BT)?\s*$/i.exec(st);
    if (header) {
      const d = (header[1] ?? 'TB').toUpperCase();
      graph.direction = d === 'TD' ? 'TB' : (d as Graph['direction']);
      continue;
    }
    if (/^(subgraph\b|end$|direction\b|linkStyle\b|click\b)/.test(st)) {
      continue;
    }
    const style = /^style\s+(\S+)\s+(.+)$/.exec(st);
    if (style && style[1] && style[2]) {
      const node = graph.nodes.get(style[1]);
      const decl = parseStyle(style[2]);
      if (node) {
        Object.assign(node, decl);
      } else {
        graph.nodes.set(style[1], { id: style[1], label: style[1], shape: 'rect', ...decl });
      }
      continue;
    }
    const classDef = /^classDef\s+(\S+)\s+(.+)$/.exec(st);
    if (classDef && classDef[1] && classDef[2]) {
      classes.set(classDef[1], parseStyle(classDef[2]));
      continue;
    }
    const cls = /^class\s+(\S+)\s+(\S+)$/.exec(st);
    if (cls && cls[1] && cls[2]) {
      for (const id of cls[1].split(',')) {
        pendingClass.push([id, cls[2]]);
      }
      continue;
    }
    parseChain(st, graph, touch);
  }
  for (const [id, name] of pendingClass) {
    const node = graph.nodes.get(id);
    const decl = classes.get(name);
    if (node && decl) {
      Object.assign(node, decl);
    }
  }
  return graph;
}

/** Parses `A[x] --> B & C -->|t| D` into nodes and edges; unknown text ends the statement quietly. */
function parseChain(st: string, graph: Graph, touch: (r: NodeRef) => void): void {
  let rest = st;
  let previous: string[] = [];
  let pendingEdge: { label?: string; dotted: boolean } | undefined;
  for (;;) {
    const group: string[] = [];
    for (;;) {
      const ref = parseNodeRef(rest);
      if (!ref) {
        return;
      }
      touch(ref);
      group.push(ref.id);
      rest = ref.rest.replace(/^:::[\w-]+/, '');
      const amp = /^\s*&\s*/.exec(rest);
      if (!amp) {
        break;
      }
      rest = rest.slice(amp[0].length);
    }
    if (pendingEdge) {
      for (const from of previous) {
        for (const to of group) {
          const edge: GraphEdge = { from, to, dotted: pendingEdge.dotted };
          if (pendingEdge.label !== undefined && pendingEdge.label.length > 0) {
            edge.label = pendingEdge.label;
          }
          graph.edges.push(edge);
        }
      }
    }
    previous = group;
    const e = EDGE.exec(rest);
    if (!e) {
      return;
    }
    const op = e[1] ?? '';
    const label = e[2] ?? e[3] ?? e[4] ?? e[5];
    pendingEdge = { dotted: op.includes('.') || e[4] !== undefined };
    if (label !== undefined) {
      pendingEdge.label = cleanLabel(label);
    }
    rest = rest.slice(e[0].length);
  }
}

// ---- layout and SVG ----

const CHAR_W = 7.4;
const LINE_H = 17;
const PAD_X = 14;
const PAD_Y = 10;
const GAP_MAJOR = 70;
const GAP_MINOR = 24;

interface Placed {
  node: GraphNode;
  rank: number;
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
}

/**
 * Longest-path ranks with back edges ignored (found by DFS), so a cycle the server never should emit
 * still draws rather than looping forever.
 */
function ranks(graph: Graph): Map<string, number> {
  const ids = [...graph.nodes.keys()];
  const out = new Map<string, string[]>();
  for (const id of ids) {
    out.set(id, []);
  }
  const state = new Map<string, 0 | 1 | 2>();
  const forward: GraphEdge[] = [];
  const visit = (id: string): void => {
    state.set(id, 1);
    for (const e of graph.edges.filter((x) => x.from === id)) {
      const s = state.get(e.to) ?? 0;
      if (s === 1) {
        continue;
      }
      forward.push(e);
      if (s === 0) {
        visit(e.to);
      }
    }
    state.set(id, 2);
  };
  for (const id of ids) {
    if ((state.get(id) ?? 0) === 0) {
      visit(id);
    }
  }
  const rank = new Map<string, number>(ids.map((id) => [id, 0]));
  // Relaxing |V| times over a DAG's edges settles every longest path.
  for (let i = 0; i < ids.length; i++) {
    let changed = false;
    for (const e of forward) {
      const r = (rank.get(e.from) ?? 0) + 1;
      if (r > (rank.get(e.to) ?? 0)) {
        rank.set(e.to, r);
        changed = true;
      }
    }
    if (!changed) {
      break;
    }
  }
  return rank;
}

export interface RenderOptions {
  /** Contribution (pass-rate delta) per node id; colours the node and is printed under its label. */
  contributions?: { [nodeId: string]: number };
}

/** Green for a positive contribution, red for a negative one, stronger with the magnitude. */
export function contributionFill(delta: number): { fill: string; color: string } {
  const m = Math.min(1, Math.abs(delta));
  if (m < 0.005) {
    return { fill: '#d0d4da', color: '#1b1f24' };
  }
  const hue = delta > 0 ? 130 : 0;
  const light = Math.round(86 - 46 * Math.sqrt(m));
  return { fill: `hsl(${hue}, 55%, ${light}%)`, color: light < 58 ? '#ffffff' : '#1b1f24' };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatDelta(d: number): string {
  return `${d >= 0 ? '+' : '-'}${Math.abs(d).toFixed(2)}`;
}

/**
 * Mermaid ids cannot hold '-', so a node `edge_tests` may carry the contribution keyed by its
 * capability id `edge-tests`; accept either spelling.
 */
function contributionsByNode(graph: Graph, given: { [key: string]: number }): { [nodeId: string]: number } {
  const out: { [nodeId: string]: number } = {};
  for (const id of graph.nodes.keys()) {
    const value = given[id] ?? given[id.replace(/_/g, '-')];
    if (value !== undefined) {
      out[id] = value;
    }
  }
  return out;
}

export function renderSvg(graph: Graph, options: RenderOptions = {}): string {
  const contributions = contributionsByNode(graph, options.contributions ?? {});
  const rank = ranks(graph);
  const horizontal = graph.direction === 'LR' || graph.direction === 'RL';
  const layers: Placed[][] = [];
  for (const node of graph.nodes.values()) {
    const lines = node.label.split('\n');
    const delta = contributions[node.id];
    // The server may already print the delta in the label (`repair<br/>+0.40`); show it once.
    if (delta !== undefined && !lines.some((l) => l.includes(formatDelta(delta)))) {
      lines.push(formatDelta(delta));
    }
    const w = Math.max(60, Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_W) + 2 * PAD_X);
    const h = lines.length * LINE_H + 2 * PAD_Y;
    const r = rank.get(node.id) ?? 0;
    (layers[r] ??= []).push({ node, rank: r, x: 0, y: 0, w, h, lines });
  }
  // Order each layer by the mean position of its predecessors, which removes most crossings in the
  // mostly linear workflows the server draws.
  const order = new Map<string, number>();
  layers.forEach((layer, r) => {
    if (r > 0) {
      const key = (p: Placed): number => {
        const preds = graph.edges.filter((e) => e.to === p.node.id && order.has(e.from)).map((e) => order.get(e.from) ?? 0);
        return preds.length ? preds.reduce((a, b) => a + b, 0) / preds.length : Number.MAX_SAFE_INTEGER;
      };
      layer.sort((a, b) => key(a) - key(b));
    }
    layer.forEach((p, i) => order.set(p.node.id, i));
  });
  // Major axis: one column (LR) or row (TB) per rank. Minor axis: stack, centred on the widest layer.
  const major = layers.map((l) => Math.max(...l.map((p) => (horizontal ? p.w : p.h))));
  const minorSize = layers.map((l) => l.reduce((s, p) => s + (horizontal ? p.h : p.w), 0) + GAP_MINOR * (l.length - 1));
  const minorMax = Math.max(0, ...minorSize);
  let cursor = 20;
  layers.forEach((layer, r) => {
    let m = 20 + (minorMax - (minorSize[r] ?? 0)) / 2;
    for (const p of layer) {
      if (horizontal) {
        p.x = cursor + ((major[r] ?? 0) - p.w) / 2;
        p.y = m;
        m += p.h + GAP_MINOR;
      } else {
        p.y = cursor + ((major[r] ?? 0) - p.h) / 2;
        p.x = m;
        m += p.w + GAP_MINOR;
      }
    }
    cursor += (major[r] ?? 0) + GAP_MAJOR;
  });
  const width0 = horizontal ? cursor - GAP_MAJOR + 20 : minorMax + 40;
  const height0 = horizontal ? minorMax + 40 : cursor - GAP_MAJOR + 20;
  const all = layers.flat();
  const flipMajor = graph.direction === 'RL' || graph.direction === 'BT';
  if (flipMajor) {
    for (const p of all) {
      if (horizontal) {
        p.x = width0 - p.x - p.w;
      } else {
        p.y = height0 - p.y - p.h;
      }
    }
  }
  const byId = new Map(all.map((p) => [p.node.id, p]));
  const parts: string[] = [];
  const width = Math.max(width0, 80);
  const height = Math.max(height0, 60);
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="flowlens-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="var(--vscode-font-family, sans-serif)" font-size="13">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>',
  );
  for (const e of graph.edges) {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) {
      continue;
    }
    let x1: number, y1: number, x2: number, y2: number, d: string;
    if (horizontal) {
      const forward = a.x <= b.x;
      x1 = forward ? a.x + a.w : a.x;
      x2 = forward ? b.x : b.x + b.w;
      y1 = a.y + a.h / 2;
      y2 = b.y + b.h / 2;
      const c = (x2 - x1) / 2;
      d = `M${x1},${y1} C${x1 + c},${y1} ${x2 - c},${y2} ${x2},${y2}`;
    } else {
      const forward = a.y <= b.y;
      y1 = forward ? a.y + a.h : a.y;
      y2 = forward ? b.y : b.y + b.h;
      x1 = a.x + a.w / 2;
      x2 = b.x + b.w / 2;
      const c = (y2 - y1) / 2;
      d = `M${x1},${y1} C${x1},${y1 + c} ${x2},${y2 - c} ${x2},${y2}`;
    }
    parts.push(
      `<path class="edge" data-from="${esc(e.from)}" data-to="${esc(e.to)}" d="${d}" fill="none" stroke="currentColor" stroke-width="1.5"${e.dotted ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#arrow)"/>`,
    );
    if (e.label) {
      parts.push(`<text class="edge-label" x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 6}" text-anchor="middle" fill="currentColor">${esc(e.label)}</text>`);
    }
  }
  for (const p of all) {
    const n = p.node;
    const delta = contributions[n.id];
    const colours = delta !== undefined ? contributionFill(delta) : { fill: n.fill ?? '#e8ecf1', color: n.color ?? '#1b1f24' };
    const stroke = n.stroke ?? '#5b6470';
    const rx = n.shape === 'stadium' || n.shape === 'circle' ? p.h / 2 : n.shape === 'round' ? 10 : 3;
    const title = delta !== undefined ? `${n.label.replace(/\n/g, ' ')}: ${formatDelta(delta)}` : n.label.replace(/\n/g, ' ');
    parts.push(`<g class="node" data-id="${esc(n.id)}"${delta !== undefined ? ` data-contribution="${delta}"` : ''}><title>${esc(title)}</title>`);
    if (n.shape === 'diamond') {
      const cx = p.x + p.w / 2;
      const cy = p.y + p.h / 2;
      parts.push(`<polygon points="${p.x},${cy} ${cx},${p.y} ${p.x + p.w},${cy} ${cx},${p.y + p.h}" fill="${esc(colours.fill)}" stroke="${esc(stroke)}" stroke-width="1.5"/>`);
    } else {
      parts.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" rx="${rx}" fill="${esc(colours.fill)}" stroke="${esc(stroke)}" stroke-width="1.5"/>`);
    }
    p.lines.forEach((line, i) => {
      const y = p.y + PAD_Y + LINE_H * i + LINE_H * 0.75;
      const weight = delta !== undefined && line === formatDelta(delta) ? ' font-weight="bold"' : '';
      parts.push(`<text x="${p.x + p.w / 2}" y="${y}" text-anchor="middle" fill="${esc(colours.color)}"${weight}>${esc(line)}</text>`);
    });
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('\n');
}

export function renderMermaid(text: string, options: RenderOptions = {}): string {
  return renderSvg(parseMermaid(text), options);
}
