// Finds the FlowLens server to launch. The order is: the `flowlens.server.path` setting, the server
// bundled in the extension's `server/` folder (the .vsix ships one), then a build in the repository
// checkout (running the extension from source). The caller logs `source` so a user can always tell
// which binary answered.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandHome } from './paths';

export interface ServerLaunch {
  command: string;
  args: string[];
  /** A sentence for the output channel: which server was chosen and why. */
  source: string;
}

export class ServerNotFoundError extends Error {}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A `.dll` is a framework-dependent assembly that needs the `dotnet` host; anything else runs directly. */
function launchFor(file: string, dotnet: string, why: string): ServerLaunch {
  if (file.toLowerCase().endsWith('.dll')) {
    return { command: dotnet, args: [file, 'lsp'], source: `${why}: ${dotnet} ${file}` };
  }
  return { command: file, args: ['lsp'], source: `${why}: ${file}` };
}

/**
 * The bundled server is the publish output copied into `server/`. VSIX extraction can drop the
 * executable bit of the apphost, so try to restore it and fall back to `dotnet flowlens.dll`.
 */
function bundled(extensionPath: string, dotnet: string): ServerLaunch | undefined {
  const dir = path.join(extensionPath, 'server');
  const exe = path.join(dir, process.platform === 'win32' ? 'flowlens.exe' : 'flowlens');
  if (isFile(exe)) {
    if (!isExecutable(exe)) {
      try {
        fs.chmodSync(exe, 0o755);
      } catch {
        // A read-only install folder keeps the bit off; the dll fallback below still works.
      }
    }
    if (isExecutable(exe)) {
      return launchFor(exe, dotnet, 'bundled server');
    }
  }
  const dll = path.join(dir, 'flowlens.dll');
  if (isFile(dll)) {
    return launchFor(dll, dotnet, 'bundled server');
  }
  return undefined;
}

/** When both configurations are built, the more recent build is the one a developer just made. */
function checkoutBuild(extensionPath: string, dotnet: string): ServerLaunch | undefined {
  const candidates = ['Release', 'Debug']
    .map((cfg) => path.join(extensionPath, 'server', 'FlowLens.Cli', 'bin', cfg, 'net10.0', 'flowlens.dll'))
    .filter(isFile)
    .map((p) => ({ p, mtime: fs.statSync(p).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const newest = candidates[0];
  return newest ? launchFor(newest.p, dotnet, 'repository build') : undefined;
}

export function findServer(extensionPath: string, serverPathSetting: string): ServerLaunch {
  const dotnet = process.env['FLOWLENS_DOTNET'] || 'dotnet';
  const configured = serverPathSetting.trim();
  if (configured.length > 0) {
    const p = path.resolve(expandHome(configured));
    if (!isFile(p)) {
      throw new ServerNotFoundError(`flowlens.server.path is set to '${configured}', but no file exists at ${p}.`);
    }
    return launchFor(p, dotnet, 'flowlens.server.path');
  }
  const found = bundled(extensionPath, dotnet) ?? checkoutBuild(extensionPath, dotnet);
  if (found) {
    return found;
  }
  throw new ServerNotFoundError(
    'No FlowLens server found: set flowlens.server.path, install the packaged extension (it bundles the server), ' +
      `or build it in the checkout with 'dotnet build server/FlowLens.Cli' (looked under ${extensionPath}).`,
  );
}
