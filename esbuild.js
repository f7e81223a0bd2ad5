// Builds the extension: dist/extension.js, and undici apart in dist/undici.js, which the extension
// requires only when it first talks to the network, so activation never parses it.
// `--production` minifies; `--watch` rebuilds on change.
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
};

async function main() {
  const contexts = await Promise.all([
    esbuild.context({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [undiciApart] }),
    esbuild.context({ ...common, entryPoints: [require.resolve('undici')], outfile: 'dist/undici.js' }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  for (const ctx of contexts) {
    const result = await ctx.rebuild();
    await ctx.dispose();
    for (const [file, output] of Object.entries(result.metafile.outputs).filter(([name]) => name.endsWith('.js'))) {
      console.log(`${file} built (${(output.bytes / 1024).toFixed(1)} KiB${production ? ', production' : ''})`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
