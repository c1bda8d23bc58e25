// Builds the .vsix: the bundled client, the published server (framework-dependent, linux-x64) and the
// llama.cpp native libraries. The repository root is the extension folder during development, and its
// `server/` folder holds C# sources, so the package is assembled in a staging folder whose `server/`
// is the publish output instead; the layout inside matches what bootstrap.ts looks for.
//
// Usage: node client-vscode/scripts/package.mjs [--out <file.vsix>] [--no-server]
//   --no-server leaves the server and native libraries out (a client-only package that needs
//   flowlens.server.path); for working on the client while the server does not build.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const vsix = path.resolve(
  outArg > 0 ? process.argv[outArg + 1] : path.join(repo, 'artifacts', `${manifest.name}-${manifest.version}.vsix`),
);
const stage = path.join(repo, 'artifacts', 'vsix-stage');
const withServer = !process.argv.includes('--no-server');

function run(cmd, args, cwd = repo) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } });
}

const started = Date.now();
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(path.join(stage, 'client-vscode', 'dist'), { recursive: true });

// The client: type-check, then a minified bundle without source maps.
run('npx', ['tsc', '-p', 'client-vscode', '--noEmit']);
run('node', ['client-vscode/scripts/bundle.mjs', '--production']);
fs.copyFileSync(path.join(repo, 'client-vscode', 'dist', 'extension.js'), path.join(stage, 'client-vscode', 'dist', 'extension.js'));

// The server: one framework-dependent publish; the sandbox worker comes along through FlowLens.Sandbox.
// The native llama.cpp libraries go where the server's NativeLibraryLocator looks: next to its binary.
function addServer() {
  // With -r, the sandbox worker (an Exe referenced through FlowLens.Sandbox) is built both with and
  // without the RID, so its apphost, deps.json and runtimeconfig.json appear twice in the publish set
  // (NETSDK1152). Either copy runs the same framework-dependent worker, so let the SDK keep one.
  // --artifacts-path gives this publish its own bin/ and obj/ (kept under artifacts/ for incremental
  // rebuilds): a restore for linux-x64 in the shared obj/ would race with builds running beside it.
  run('dotnet', [
    'publish', 'server/FlowLens.Cli', '-c', 'Release', '-r', 'linux-x64', '--self-contained', 'false',
    '-o', path.join(stage, 'server'), '--artifacts-path', path.join(repo, 'artifacts', 'server-publish'),
    '-p:DebugType=none', '-p:ErrorOnDuplicatePublishOutputFiles=false', '-nologo', '-v', 'quiet',
  ]);

  // The Cli's publish copies the ReadyToRun sandbox worker into server/sandbox-worker/ (WorkerLocator prefers it:
  // the first candidate is about 2.5x faster than with the IL worker). A package without it would still work, slower.
  if (!fs.existsSync(path.join(stage, 'server', 'sandbox-worker', 'FlowLens.Sandbox.Worker.dll'))) {
    throw new Error('the publish did not produce server/sandbox-worker/: the ReadyToRun sandbox worker is missing');
  }

  // The server reads its capability library from prompts/ next to its binary when it is not in a
  // checkout; ship the repository's copy unless the build already put one there.
  for (const data of ['prompts']) {
    const target = path.join(stage, 'server', data);
    if (!fs.existsSync(target)) {
      fs.cpSync(path.join(repo, data), target, { recursive: true });
      console.log(`copied ${data}/ into server/${data}`);
    }
  }

  const bins = path.join(repo, 'node_modules', '@node-llama-cpp', 'linux-x64', 'bins', 'linux-x64');
  if (!fs.existsSync(bins)) {
    throw new Error(`${bins} is missing: run 'npm ci' at the repository root first.`);
  }
  const llama = path.join(stage, 'server', 'runtimes', 'llama');
  fs.mkdirSync(llama, { recursive: true });
  const libs = fs.readdirSync(bins).filter((f) => f.endsWith('.so'));
  for (const f of libs) {
    fs.copyFileSync(path.join(bins, f), path.join(llama, f));
  }
  console.log(`copied ${libs.length} native libraries into server/runtimes/llama`);
}
if (withServer) {
  addServer();
}

// The manifest without what only the repository needs (scripts would make vsce run a prepublish step).
const staged = { ...manifest };
for (const key of ['scripts', 'workspaces', 'dependencies', 'devDependencies', 'private']) {
  delete staged[key];
}
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(staged, null, 2) + '\n');
fs.copyFileSync(path.join(repo, 'client-vscode', 'README.md'), path.join(stage, 'README.md'));
fs.copyFileSync(path.join(repo, '.vscodeignore'), path.join(stage, '.vscodeignore'));
const license = path.join(repo, 'LICENSE');
if (fs.existsSync(license)) {
  fs.copyFileSync(license, path.join(stage, 'LICENSE'));
}

fs.mkdirSync(path.dirname(vsix), { recursive: true });
run(
  'npx',
  ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
  stage,
);
console.log(`packaged ${vsix} (${(fs.statSync(vsix).size / 1048576).toFixed(1)} MiB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
