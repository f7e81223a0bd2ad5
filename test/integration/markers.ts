// Log-line markers: the suite prints them inside the extension host, the runner (runTest.ts,
// codeServerHost.ts) reads them from the host's log, the only channel that works for both hosts.
export const RESULT_MARKER = '__mocha_result__';
export const UI_MARKER = '__ui__:';
export const SCREENSHOT_MARKER = '__screenshot__:';
