// Which dropped URIs name a file this extension can read. The extension runs where the workspace is
// (its extensionKind is "workspace"): in a remote window (SSH, WSL, a container, code-server) the
// Explorer drops `vscode-remote://<authority>/path` URIs whose files are on this extension host's
// disk, when the authority is the window's own. Imports no `vscode`, so it is tested in plain Node.

/** The parts of a URI this needs (vscode.Uri has them). */
export interface DroppedUri {
  scheme: string;
  authority: string;
  path: string;
}

/**
 * The path on this extension host's disk of a dropped URI (forward slashes, as in a URI: make it a
 * file URI to read it), or undefined when its file is elsewhere: another remote's, or a scheme with no
 * disk behind it. `windowAuthorities`: the authorities of this window's `vscode-remote` workspace
 * folders (none in a local window, so no `vscode-remote` URI is taken there).
 */
export function pathOnThisHost(uri: DroppedUri, windowAuthorities: ReadonlySet<string>): string | undefined {
  if (uri.scheme === 'file') {
    return uri.path;
  }
  if (uri.scheme === 'vscode-remote' && windowAuthorities.has(uri.authority.toLowerCase())) {
    return uri.path;
  }
  return undefined;
}
