import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listVersionFixture, workspaceFixture } from './fixtures.test-helpers.ts';
import { presentPublicList } from './public-list.ts';
import { renderJson } from './render-json.ts';

describe('renderJson', () => {
  it('serialises the public list so that parsing gives it back unchanged', () => {
    const list = presentPublicList(workspaceFixture(), listVersionFixture());
    assert.deepEqual(JSON.parse(renderJson(list)), list);
  });

  it('keeps a null legal name as null rather than dropping the key', () => {
    const parsed = JSON.parse(renderJson(presentPublicList(workspaceFixture(), listVersionFixture())));
    assert.equal(parsed.subprocessors[1].legalName, null);
    assert.ok('legalName' in parsed.subprocessors[1]);
  });

  it('is indented with two spaces and ends with a newline', () => {
    const out = renderJson(presentPublicList(workspaceFixture(), listVersionFixture()));
    assert.match(out, /^\{\n {2}"workspace": "acme",\n/);
    assert.ok(out.endsWith('}\n'));
  });
});
