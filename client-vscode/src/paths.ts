// Path helpers without a vscode dependency, so bootstrap.ts (which uses them) runs in plain node tests.

import * as os from 'node:os';
import * as path from 'node:path';

/** Expands a leading `~` because users write paths as they would in a shell. */
export function expandHome(p: string): string {
  if (p === '~') {
    return os.homedir();
  }
  if (p.startsWith('~/')) {
    return path.join(os.homedir(), p.slice(2));
  }
  return p;
}
