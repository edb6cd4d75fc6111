import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_MAIN, envFor } from '../../../test/cli.ts';
import { DIALECTS, openTestDb, type TestDb } from '../../../test/dialects.ts';

/** Starts `trustroom serve` and resolves with its URL and everything it printed until then. */
function startServe(env: Record<string, string>, args: string[] = []): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, 'serve', ...args], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', ...env } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

const stopped = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : (child.once('exit', (c) => r(c)), child.kill('SIGTERM'))));

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not selected` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`trustroom serve [${dialect}]`, { skip }, () => {
    let dir: string;
    let db: TestDb | null = null;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'trustroom-serve-'));
      if (dialect === 'postgres') db = await openTestDb('postgres');
    });
    after(async () => {
      await db?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('creates the owner on first start and prints a one-time sign-in link that works once', async () => {
      const env = { ...envFor(db ?? { url: null }, dir), TRUSTROOM_OWNER_EMAIL: 'dpo@example.test' };
      const s = await startServe(env);
      try {
        assert.match(s.output(), /owner account dpo@example\.test created/);
        assert.doesNotMatch(s.output(), /password: \S/i, 'no password is printed');
        const link = /(http:\/\/\S+\/admin\/signin\/link\/\S+)/.exec(s.output())![1];
        assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
        // Opening the link (as a mail scanner would) shows its page and spends nothing; its button's POST signs in.
        const opened = await fetch(link, { redirect: 'manual' });
        assert.equal(opened.status, 200);
        assert.match(await opened.text(), new RegExp(`action="${new URL(link).pathname}"`));
        assert.equal(opened.headers.get('set-cookie'), null);
        const first = await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: s.url } });
        assert.equal(first.status, 303);
        const cookie = first.headers.get('set-cookie')!;
        assert.match(cookie, /trustroom_session=.*HttpOnly.*SameSite=Lax/i);
        const account = await fetch(`${s.url}/admin/account`, { headers: { cookie: cookie.split(';')[0] } });
        assert.match(await account.text(), /dpo@example\.test/);
        assert.equal((await fetch(link, { method: 'POST', redirect: 'manual', headers: { origin: s.url } })).status, 400);
      } finally {
        assert.equal(await stopped(s.child), 0);
      }
      // A second start finds the owner and prints no new link.
      const again = await startServe(env);
      try {
        assert.doesNotMatch(again.output(), /First start/);
      } finally {
        await stopped(again.child);
      }
    });

    it('serves the demo workspaces with --demo', async () => {
      const s = await startServe({ ...envFor(db ?? { url: null }, join(dir, 'demo')) }, ['--demo']);
      try {
        const list = await (await fetch(`${s.url}/w/cloudblue/subprocessors.json`)).json();
        assert.equal(list.workspace, 'cloudblue');
        assert.equal(list.subprocessors.length, 16);
      } finally {
        await stopped(s.child);
      }
    });
  });
}
