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
 * disk behind it. `remoteName`: vscode.env.remoteName, undefined in a local window (so no
 * `vscode-remote` URI is taken there).
 *
 * Assumption: the extension host sees only the remote's name, not its whole authority ("ssh-remote",
 * not "ssh-remote+studio"; code-server's is "host:port", the same as its authority): a URI is taken
 * when its authority is that name or starts with it and "+". A drop from a window on another host of
 * the same kind of remote cannot be told apart; a drag between two windows is what that takes.
 */
export function pathOnThisHost(uri: DroppedUri, remoteName: string | undefined): string | undefined {
  if (uri.scheme === 'file') {
    return uri.path;
  }
  const authority = uri.authority.toLowerCase();
  const name = remoteName?.toLowerCase();
  if (uri.scheme === 'vscode-remote' && name && (authority === name || authority.startsWith(`${name}+`))) {
    return uri.path;
  }
  return undefined;
}
