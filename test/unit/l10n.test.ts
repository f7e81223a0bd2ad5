// Every string the extension shows has its Simplified Chinese translation, with the same
// placeholders and the same command links.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADVICE, NOTES, SENTENCES, WORDS } from '../../src/client/sentences';

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join(',');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The literal first arguments of l10n.t(...), and the string values of tables passed to it. */
function shownStrings(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/l10n\.t\(\s*(['`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
      found.add(match[2].replace(/\\'/g, "'"));
    }
    for (const table of text.matchAll(/l10n\.t\(([A-Z_]+)\[/g)) {
      const body = new RegExp(`const ${table[1]}[^=]*=\\s*\\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? '';
      for (const value of body.matchAll(/:\s*(['`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
        found.add(value[2].replace(/\\'/g, "'"));
      }
    }
  }
  return found;
}

describe('translations (zh-cn)', () => {
  it('translate every string shown through vscode.l10n, with the same placeholders', () => {
    const bundle = read('l10n/bundle.l10n.zh-cn.json');
    const missing = [...shownStrings()].filter((s) => !(s in bundle));
    assert.deepEqual(missing, []);
    for (const [source, translated] of Object.entries(bundle)) {
      assert.equal(placeholders(translated), placeholders(source), source);
    }
  });

  it('translate the sentence of every error reason code, advice, note and own word the client gives (said through vscode.l10n by the UI)', () => {
    const bundle = read('l10n/bundle.l10n.zh-cn.json');
    for (const table of [SENTENCES, ADVICE, NOTES, Object.fromEntries(WORDS.map((w) => [w, w]))]) {
      const missing = Object.entries(table).filter(([, english]) => !(english in bundle)).map(([code]) => code);
      assert.deepEqual(missing, []);
      for (const english of Object.values(table)) {
        assert.notEqual(bundle[english], english, `${english} is not translated`);
      }
    }
  });

  it('translate every manifest string, with the same command links', () => {
    const english = read('package.nls.json');
    const chinese = read('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort());
    for (const key of Object.keys(english)) {
      const links = (text: string) => (text.match(/\(command:[^)]+\)|#[\w.]+#|`[^`]*`/g) ?? []).join(' ');
      assert.equal(links(chinese[key]), links(english[key]), key);
    }
  });
});
