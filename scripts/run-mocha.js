// Runs the compiled mocha suites under a folder in plain Node and prints "N passed, N failed".
const Mocha = require('mocha');
const fs = require('node:fs');
const path = require('node:path');

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return testFiles(full);
    }
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const dir = path.resolve(process.argv[2] ?? 'out/test/unit');
const mocha = new Mocha({ timeout: 20000, reporter: 'spec', grep: process.env.MOCHA_GREP });
testFiles(dir).sort().forEach((file) => mocha.addFile(file));

process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection:', reason);
  process.exitCode = 1;
});

mocha.run().on('end', function () {
  console.log(`${this.stats.passes} passed, ${this.stats.failures} failed`);
  // Emulators and keep-alive sockets in a failing test must not keep CI waiting.
  setTimeout(() => process.exit(this.stats.failures === 0 && !process.exitCode ? 0 : 1), 100).unref();
});
