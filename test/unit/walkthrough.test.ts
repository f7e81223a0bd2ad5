// The walkthrough's region table gives each region's real MetaStudio endpoint, as the client builds it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { metaStudioEndpoint, REGIONS } from '../../src/client/regions';

const root = path.resolve(__dirname, '../../..');

describe('walkthrough', () => {
  it('the region table\'s endpoint column shows each region\'s endpoint', () => {
    const markdown = fs.readFileSync(path.join(root, 'media/walkthrough/region.md'), 'utf8');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    const header = markdown.split('\n').find((line) => line.startsWith('| Region'))!.split('|').map((c) => c.trim());
    const column = header.indexOf('Endpoint');
    assert.ok(column > 0, 'the table has an Endpoint column');
    for (const region of REGIONS) {
      const row = rows.find((r) => r.startsWith(`| \`${region.id}\``));
      assert.ok(row, `${region.id} has a row`);
      assert.equal(row.split('|').map((c) => c.trim())[column], `\`${metaStudioEndpoint(region.id)}\``, region.id);
    }
  });
});
