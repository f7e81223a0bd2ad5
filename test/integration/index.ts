// Entry point that the VS Code extension host loads (extensionTestsPath): runs every *.test.js under
// this folder with mocha, then prints one marker line that the runner parses for the pass/fail counts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { RESULT_MARKER } from './markers';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return testFiles(full);
    }
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const RESTARTS_HOST = 'durability.test.js';

export function run(): Promise<void> {
  // color: false keeps the log readable in CI and the marker line parseable.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false, grep: process.env.MOCHA_GREP });
  // The suite that restarts the host runs first: the runner runs the whole suite again after each
  // restart, so the suites before it would run (and print) once per restart.
  const first = (file: string) => (path.basename(file) === RESTARTS_HOST ? 0 : 1);
  testFiles(__dirname).sort((a, b) => first(a) - first(b) || a.localeCompare(b)).forEach((file) => mocha.addFile(file));
  return new Promise((resolve, reject) => {
    const report = (passed: number, failed: number, skipped = 0) => console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed, skipped })}`);
    try {
      const runner = mocha.run((failures) => {
        report(runner.stats?.passes ?? 0, failures, runner.stats?.pending ?? 0);
        if (failures > 0) {
          reject(new Error(`${failures} test(s) failed`));
        } else {
          resolve();
        }
      });
    } catch (err) {
      // A test file that throws while loading: count it as one failure.
      report(0, 1);
      reject(err);
    }
  });
}
