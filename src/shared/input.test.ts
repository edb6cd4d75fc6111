import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AppError } from './errors.ts';
import { InputReader } from './input.ts';

const issues = (raw: unknown, read: (r: InputReader) => void) => {
  const r = new InputReader(raw);
  read(r);
  return r.issues;
};

it('NFC-normalises every text and list item', () => {
  const r = new InputReader({ name: 'Cafe\u0301 Zu\u0308rich', note: 'Ame\u0301lie', tags: ['re\u0301sume\u0301'] });
  assert.equal(r.text('name', { name: true }), 'Café Zürich');
  assert.equal(r.text('note'), 'Amélie');
  assert.deepEqual(r.list('tags'), ['résumé']);
});

it('keeps a verbatim text (a password) as it was sent', () => {
  assert.equal(new InputReader({ password: 'Cafe\u0301 secret pass' }).text('password', { verbatim: true }), 'Cafe\u0301 secret pass');
});

it('refuses a NUL character in any text or list item, naming the field', () => {
  assert.deepEqual(issues({ note: 'a\u0000b', tags: ['ok', 'x\u0000'] }, (r) => {
    r.text('note');
    r.list('tags');
  }), [{ field: 'note', message: 'must not contain a NUL character' }, { field: 'tags[1]', message: 'must not contain a NUL character' }]);
});

it('refuses a name that is empty once zero-width characters are removed, naming the field', () => {
  for (const invisible of ['\u200B', '\u200C\u200D', ' \u2060 ', '\u200B\uFEFF\u200B']) {
    assert.deepEqual(issues({ name: invisible }, (r) => r.text('name', { required: true, name: true })), [{ field: 'name', message: 'must contain visible characters' }], JSON.stringify(invisible));
  }
  // Zero-width joiners inside a visible name are kept (scripts and emoji need them).
  assert.equal(new InputReader({ name: 'क्\u200Dष Ltd' }).text('name', { name: true }), 'क्\u200Dष Ltd');
});

it('refuses a name with a bidi override or isolate, naming the field', () => {
  for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
    assert.deepEqual(issues({ title: `Invoice${c}fdp.exe` }, (r) => r.text('title', { name: true })), [{ field: 'title', message: 'must not contain bidirectional override or isolate characters' }], c.codePointAt(0)!.toString(16));
  }
  // Right-to-left text itself is a name like any other.
  assert.equal(new InputReader({ name: 'شركة البيانات' }).text('name', { name: true }), 'شركة البيانات');
  // Texts that are not names (a reason, a note) may quote anything but a NUL.
  assert.equal(new InputReader({ reason: 'see \u202Equote' }).text('reason'), 'see \u202Equote');
});

it('throws one validation_error naming every refused field', () => {
  const r = new InputReader({ name: '\u200B', title: 'a\u202Eb' });
  r.text('name', { name: true });
  r.text('title', { name: true });
  assert.throws(() => r.done(null), (e: AppError) => e.code === 'validation_error' && e.status === 400
    && e.message === 'name: must contain visible characters; title: must not contain bidirectional override or isolate characters');
});
