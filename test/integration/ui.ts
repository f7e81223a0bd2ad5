// Lets a test drive the real browser UI as a person would (code-server host only). The request goes out
// as a log line that the runner reads; the runner performs it with Playwright and writes the result as
// a JSON file into UI_REPLY_DIR, the only channel back into the extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UI_MARKER } from './markers';

// console.log(SCREENSHOT_MARKER + name) saves a PNG without waiting for it; ui({ screenshot }) waits.
export { SCREENSHOT_MARKER } from './markers';

/** One action; set exactly one of the action keys. Selectors are Playwright selectors (CSS by default). */
export interface UiAction {
  click?: string;
  rightClick?: string;
  dblclick?: string;
  hover?: string;
  /** Fill an input matched by this selector with `text`. */
  fill?: string;
  text?: string;
  /** Type text with the keyboard into whatever has focus. */
  type?: string;
  /** Press a key or chord, e.g. "Enter", "Control+Shift+P". */
  press?: string;
  /** Save a PNG of the page as <SCREENSHOT_DIR>/<name>.png. */
  screenshot?: string;
  /** Inner texts of all elements matching this selector. */
  texts?: string;
  /** Number of elements matching this selector. */
  count?: string;
  /** Where the first element matching this selector is on the page, in CSS pixels. */
  box?: string;
  /** A click at this point of the page, whatever is there now (the pointer staying put between two clicks). */
  clickAt?: { x: number; y: number };
  /** For each element matching this selector: whether its text is cut (scrollWidth > clientWidth). */
  truncated?: string;
  /** Wait until an element matching this selector is visible. */
  waitFor?: string;
  /** The suite is about to end its own extension host: when it has, reload the window once. */
  reloadOnExit?: boolean;
  /** Playwright timeout for the action (default 10 s). */
  timeoutMs?: number;
}

export interface UiResult {
  id: string;
  ok: boolean;
  error?: string;
  texts?: string[];
  count?: number;
  truncated?: boolean[];
  box?: { x: number; y: number; width: number; height: number };
  path?: string;
}

/** True when the runner can perform ui() actions; otherwise call `this.skip()` in the test. */
export function uiAvailable(): boolean {
  return Boolean(process.env.UI_REPLY_DIR);
}

let counter = 0;

/** Performs one action in the browser and resolves with its result; rejects when the action failed. */
export async function ui(action: UiAction): Promise<UiResult> {
  const dir = process.env.UI_REPLY_DIR;
  if (!dir) {
    throw new Error('ui() needs the code-server host: check uiAvailable() first');
  }
  counter += 1;
  const id = `${process.pid}-${counter}`;
  const file = path.join(dir, `${id}.json`);
  console.log(UI_MARKER + JSON.stringify({ ...action, id }));
  const deadline = Date.now() + (action.timeoutMs ?? 10_000) + 15_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) {
      const result = JSON.parse(fs.readFileSync(file, 'utf8')) as UiResult;
      fs.rmSync(file, { force: true });
      if (!result.ok) {
        throw new Error(`ui(${JSON.stringify(action)}) failed: ${result.error}`);
      }
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`ui(${JSON.stringify(action)}): no reply from the runner`);
}
