// Builds the extension in three files, so that activation compiles only what it runs:
// - dist/extension.js: activation, the view, the model, the session; what every window runs at start.
// - dist/lazy.js (src/lazy.ts): the command handlers, the client and the upload flow, required on the
//   first command or call. The modules it shares with dist/extension.js are not copied into it: it
//   takes them from dist/extension.js (its `__shared` exports), so each exists once and `instanceof`
//   and module state hold across the two.
// - dist/undici.js: undici, required when the client first talks to the network.
// `--production` minifies; `--watch` rebuilds on change.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** `import ... from 'undici'` becomes `require('./undici.js')`, next to the bundle. */
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

/** `import('./lazy')` (from any folder of src/) becomes `require('./lazy.js')`, next to the bundle. */
const lazyApart = {
  name: 'lazy-apart',
  setup(build) {
    // esbuild resolves from real paths: src/ may be a link (the activation benchmark's layout).
    const lazy = path.join(fs.realpathSync('src'), 'lazy');
    build.onResolve({ filter: /\/lazy$/ }, (args) => (path.resolve(args.resolveDir, args.path) === lazy ? { path: './lazy.js', external: true } : undefined));
  },
};

/** In dist/lazy.js, every module dist/extension.js already has is taken from it; `used` collects them. */
function sharedFrom(shared, used) {
  return {
    name: 'shared-from-extension',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'shared') {
          return { path: './extension.js', external: true };
        }
        if (args.pluginData === 'inner' || args.kind === 'entry-point') {
          return undefined;
        }
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
        const key = path.relative('.', resolved.path).split(path.sep).join('/');
        if (!shared.has(key)) {
          return resolved;
        }
        used.add(key);
        return { path: key, namespace: 'shared' };
      });
      build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({ contents: `module.exports = require('./extension.js').__shared[${JSON.stringify(args.path)}];`, loader: 'js' }));
    },
  };
}

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  // ES modules first: jsonc-parser's UMD build loads its parts with a require() esbuild cannot follow.
  mainFields: ['module', 'main'],
};

function report(result) {
  for (const [file, output] of Object.entries(result.metafile.outputs).filter(([name]) => name.endsWith('.js'))) {
    console.log(`${file} built (${(output.bytes / 1024).toFixed(1)} KiB${production ? ', production' : ''})`);
  }
}

async function buildAll() {
  // Which modules activation needs: what src/extension.ts reaches without the lazy part.
  const reached = await esbuild.build({ ...common, entryPoints: ['src/extension.ts'], write: false, sourcemap: false, external: ['vscode'], plugins: [undiciApart, lazyApart] });
  const shared = new Set(Object.keys(reached.metafile.inputs));
  const used = new Set();
  const lazy = await esbuild.build({ ...common, entryPoints: ['src/lazy.ts'], outfile: 'dist/lazy.js', external: ['vscode'], plugins: [undiciApart, sharedFrom(shared, used)] });
  // dist/extension.js: the entry's exports and `__shared`, the modules dist/lazy.js takes, each by its path.
  const entry = [
    `export { activate, deactivate } from './src/extension.ts';`,
    `export const __shared = {`,
    ...[...used].sort().map((file) => `  get ${JSON.stringify(file)}() { return require(${JSON.stringify('./' + file)}); },`),
    `};`,
  ].join('\n');
  const main = await esbuild.build({ ...common, stdin: { contents: entry, resolveDir: '.', sourcefile: 'extension-entry.js', loader: 'js' }, outfile: 'dist/extension.js', external: ['vscode'], plugins: [undiciApart, lazyApart] });
  const undici = await esbuild.build({ ...common, entryPoints: [require.resolve('undici')], outfile: 'dist/undici.js' });
  [main, lazy, undici].forEach(report);
}

async function main() {
  await buildAll();
  if (watch) {
    // Any change under src/ builds all three again (the split may move with it).
    const trigger = await esbuild.context({ ...common, entryPoints: ['src/extension.ts', 'src/lazy.ts'], outdir: 'dist/.watch', write: false, external: ['vscode'], plugins: [undiciApart, lazyApart, { name: 'rebuild', setup: (build) => build.onEnd(() => buildAll().catch((err) => console.error(err))) }] });
    await trigger.watch();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
