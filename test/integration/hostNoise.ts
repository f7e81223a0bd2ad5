// What the test host prints besides the tests: known noise is dropped, an error that is not known
// fails the run. Plain Node (no vscode, no playwright), so the unit suite checks it too.
import { SCREENSHOT_MARKER, UI_MARKER } from './markers';

// Known noise of the host when the suite restarts it (a window reload, a killed extension host): the
// workbench's shutdown and reconnection messages, with their stack traces. Each entry is named and
// matches the first line of one message; a message that looks like an error and is not here is
// printed and fails the run (`unexpected`).
export const HOST_NOISE: ReadonlyArray<{ name: string; first: RegExp }> = [
  { name: 'a reloading window shuts down', first: /^\[lifecycle\] (onBeforeUnload triggered|Long running operations during shutdown)/ },
  { name: 'the window reconnects to a killed extension host', first: /^\[remote-connection\]\[ExtensionHost\]/ },
  { name: 'the toast of that reconnection', first: /^An unknown error occurred\. Please consult the log for more details\.$/ },
  { name: 'the workbench stops a killed extension host', first: /^Cannot read properties of undefined \(reading 'extensionHost'\)/ },
  { name: 'the old page\'s reconnection is refused after a reload', first: /^(A permanent error occurred in the reconnecting loop!|Connection error: Unknown reconnection token)/ },
  { name: 'the reloading window cancels its pending file reads and writes', first: /^(Unable to (read|write|resolve) file|Failed to resolve files at location)[^\n]*\bCanceled\b/ },
  { name: 'the reloading page can no longer write its log', first: /^Unable to write file 'vscode-log:.*IndexedDB database 'vscode-web-db' is closed/ },
  { name: 'the workbench\'s MCP migration reads the machine settings while a test writes them', first: /^MCP migration: Failed to parse MCP config from \S+\/Machine\/settings\.json: Error \[SyntaxError\]/ },
];

/** A message that is an error or carries a stack trace. */
const LOOKS_LIKE_ERROR = /^\s+at \S|\b[A-Z]\w*Error\b|\bUncaught\b|permanent error/m;

/**
 * `noise`: known host noise, dropped. `unexpected`: looks like an error or a stack trace and is not
 * known (nor `chatter`, the runner's list of messages that say nothing about the tests). `plain`: the rest.
 */
export function hostMessage(text: string, chatter = false): 'noise' | 'unexpected' | 'plain' {
  if (HOST_NOISE.some((n) => n.first.test(text))) {
    return 'noise';
  }
  const ours = text.includes(UI_MARKER) || text.includes(SCREENSHOT_MARKER);
  return !chatter && !ours && LOOKS_LIKE_ERROR.test(text) ? 'unexpected' : 'plain';
}
