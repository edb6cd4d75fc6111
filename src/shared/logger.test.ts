import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { it } from 'node:test';
import { createLogger } from './logger.ts';

it('blanks out e-mail addresses, names, passwords, tokens and cookies wherever they appear in a log line', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const log = createLogger('info', sink);
  log.info({ email: 'jane@example.test', user: { email: 'jane@example.test', name: 'Jane Roe' }, password: 'hunter2hunter2', req: { headers: { cookie: 'trustroom_session=abc', authorization: 'Bearer trt_secret' } } }, 'signed in');
  const out = lines.join('');
  for (const secret of ['jane@example.test', 'Jane Roe', 'hunter2hunter2', 'trustroom_session=abc', 'trt_secret']) assert.ok(!out.includes(secret), `${secret} leaked`);
  assert.match(out, /\[redacted\]/);
});
