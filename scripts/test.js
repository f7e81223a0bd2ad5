// `npm test`: lint, type check, build, the unit suites in plain Node, then the integration suite in a
// real VS Code host. Ends with one plain "N passed, N failed" line; exits non-zero on any failure.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const totals = { passed: 0, failed: 0 };
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs only the unit suites

function step(name, command, args, options = {}) {
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: process.env });
  if (options.capture) {
    process.stdout.write(result.stdout ?? '');
  }
  return result;
}

function check(name, command, args) {
  const ok = step(name, command, args).status === 0;
  totals[ok ? 'passed' : 'failed'] += 1;
  console.log(`${name}: ${ok ? 'ok' : 'FAILED'}`);
  return ok;
}

function suite(name, command, args) {
  const result = step(name, command, args, { capture: true });
  const lines = (result.stdout ?? '').trim().split('\n').reverse();
  const summary = lines.map((l) => /^(\d+) passed, (\d+) failed/.exec(l.trim())).find(Boolean);
  if (!summary) {
    totals.failed += 1;
    console.log(`${name}: no result line (exit ${result.status}${result.signal ? `, ${result.signal}` : ''})`);
    return;
  }
  totals.passed += Number(summary[1]);
  totals.failed += Number(summary[2]);
  if (result.status !== 0 && Number(summary[2]) === 0) {
    totals.failed += 1;
    console.log(`${name}: exited ${result.status}`);
  }
}

const wants = (name) => only.length === 0 || only.includes(name);

if (wants('lint')) {
  check('lint', 'npx', ['eslint', '--max-warnings', '0', '--no-error-on-unmatched-pattern', 'src', 'test', 'scripts', 'bench', 'esbuild.js']);
}
// A clean out/ folder: a test deleted from the sources must not keep running from an old build.
fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
const compiled = check('compile', 'npx', ['tsc', '-p', '.']) && check('bundle', 'node', ['esbuild.js']);
if (compiled && wants('unit')) {
  suite('unit', 'node', ['scripts/run-mocha.js', 'out/test/unit']);
}
if (compiled && wants('integration') && fs.existsSync(path.join(root, 'out/test/integration/runTest.js'))) {
  suite('integration', 'node', ['out/test/integration/runTest.js']);
}
// The packaged extension: build the .vsix, install it into code-server, check it works there.
if (compiled && wants('vsix')) {
  suite('vsix', 'node', ['test/vsix/smoke.js']);
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
