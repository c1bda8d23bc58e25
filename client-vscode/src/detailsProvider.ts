// Read-only virtual documents (scheme `flowlens-details`) that show what one capability did in the
// last run. The text comes from the server's `flowlens.server.capabilityDetails` command; the URI
// carries the request, so reopening or reloading the document asks the server again.

import * as vscode from 'vscode';
import { CapabilityDetails, CapabilityDetailsParams } from './lspExt';

export const DETAILS_SCHEME = 'flowlens-details';

export type DetailsFetcher = (params: CapabilityDetailsParams) => Promise<CapabilityDetails | null>;

export function detailsUri(params: CapabilityDetailsParams): vscode.Uri {
  // The `.md` path makes VS Code pick the markdown language for highlighting; the name is what the tab shows.
  const name = params.capability.replace(/[^\w.-]+/g, '_');
  return vscode.Uri.from({
    scheme: DETAILS_SCHEME,
    path: `/${name}.md`,
    query: JSON.stringify(params),
  });
}

export function paramsFromUri(uri: vscode.Uri): CapabilityDetailsParams {
  const p = JSON.parse(uri.query) as Partial<CapabilityDetailsParams>;
  if (typeof p.uri !== 'string' || typeof p.line !== 'number' || typeof p.capability !== 'string') {
    throw new Error(`Malformed ${DETAILS_SCHEME} URI: ${uri.toString()}`);
  }
  return { uri: p.uri, line: p.line, capability: p.capability };
}

export class DetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly fetch: DetailsFetcher) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const params = paramsFromUri(uri);
    try {
      const details = await this.fetch(params);
      if (token.isCancellationRequested) {
        return '';
      }
      if (!details) {
        return `# ${params.capability}\n\nThe server has no details for this capability; run the workflow again.\n`;
      }
      return `# ${details.title}\n\n${details.markdown}\n`;
    } catch (e) {
      return `# ${params.capability}\n\nCould not get the details from the FlowLens server:\n\n    ${String(e instanceof Error ? e.message : e)}\n`;
    }
  }

  /** Every open details document is stale after a new run; ask VS Code to fetch them again. */
  refreshAll(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === DETAILS_SCHEME) {
        this.changed.fire(doc.uri);
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
