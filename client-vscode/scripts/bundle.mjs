// Bundles the extension into dist/extension.js (vscode stays external: the host provides it) and the
// graph renderer and the server finder into dist/, which the node tests load without a VS Code host.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  absWorkingDir: root,
};

const configs = [
  { ...common, entryPoints: ['src/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/graphRender.ts'], outfile: 'dist/graphRender.js', sourcemap: false },
  { ...common, entryPoints: ['src/bootstrap.ts'], outfile: 'dist/bootstrap.js', sourcemap: false },
];

if (watch) {
  for (const c of configs) {
    const context = await esbuild.context(c);
    await context.watch();
  }
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
