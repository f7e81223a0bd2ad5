// `npm run package`: the .vsix, with @vscode/vsce (`vsce package --no-dependencies`; its
// `vscode:prepublish` runs the production build). Fails when vsce warns, or when the package holds a
// file that the allowlist below (the same as .vscodeignore's) does not name. Prints the file list.
//   npm run package [-- --out FILE]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const argv = process.argv.slice(2);
const out = path.resolve(argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : path.join(root, `${manifest.name}-${manifest.version}.vsix`));

// What a .vsix may hold: vsce's own two files, and under extension/ only what .vscodeignore lets in.
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[\w-]+)?\.json$/,
  /^extension\/l10n\/bundle\.l10n\.[\w-]+\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/LICENSE(\.txt)?$/,
  /^extension\/dist\/(extension|lazy|undici)\.js$/,
  /^extension\/media\/[^/]+\.(svg|png)$/,
  /^extension\/media\/walkthrough\/[^/]+\.md$/,
];

/** Names and sizes of a zip's entries, from its central directory. */
function zipEntries(file) {
  const zip = fs.readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) {
    end--;
  }
  if (end < 0) {
    throw new Error(`${file} is not a zip file`);
  }
  const entries = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) {
      throw new Error(`${file}: broken central directory`);
    }
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size: zip.readUInt32LE(at + 24) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function main() {
  fs.rmSync(out, { force: true });
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  // stdin closed: a question from vsce ("continue anyway?") is answered no, and the packaging fails.
  const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const printed = `${run.stdout}${run.stderr}`;
  process.stdout.write(printed);
  const problems = [];
  if (run.status !== 0) {
    problems.push(`vsce exited with ${run.status ?? run.signal}`);
  }
  const warnings = printed.split('\n').filter((line) => /\bwarn(ing)?\b/i.test(line));
  if (warnings.length > 0) {
    problems.push(`vsce warned:\n  ${warnings.join('\n  ')}`);
  }
  if (fs.existsSync(out)) {
    const entries = zipEntries(out);
    console.log(`\n${path.basename(out)}: ${entries.length} files, ${(fs.statSync(out).size / 1024).toFixed(1)} KiB`);
    for (const e of entries) {
      console.log(`  ${e.name} (${(e.size / 1024).toFixed(1)} KiB)`);
    }
    const extra = entries.filter((e) => !ALLOWED.some((re) => re.test(e.name)));
    if (extra.length > 0) {
      problems.push(`files outside the allowlist:\n  ${extra.map((e) => e.name).join('\n  ')}`);
    }
    // The bundle activation loads, and the one the first command loads (esbuild.js).
    for (const name of ['extension/dist/extension.js', 'extension/dist/lazy.js']) {
      if (!entries.some((e) => e.name === name)) {
        problems.push(`${name} is missing`);
      }
    }
  }
  // vscode:prepublish left the minified build in dist/: put the development build (with source maps) back.
  spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'ignore' });
  if (problems.length > 0) {
    console.error(`\npackage: ${problems.join('\n')}`);
    fs.rmSync(out, { force: true });
    process.exit(1);
  }
  console.log(`\n${path.relative(process.cwd(), out) || out} is ready.`);
}

main();
