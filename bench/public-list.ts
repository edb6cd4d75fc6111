/**
 * public-list: requests/s and p99 latency of /w/cloudblue/subprocessors.json and the HTML page
 * (autocannon, 10 connections, 10 s per side in alternating slices), next to a bare Fastify
 * route serving the same bytes;
 * plus resident memory after start and the time from process start to a healthy /healthz.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const BARE = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = 5;

function waitForLine(child: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = re.exec(out);
      if (m) resolve(m);
    });
    child.on('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
  });
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
};

/**
 * Measures `subject` and `ceiling` alternately in ROUNDS slices of DURATION_S / ROUNDS seconds each
 * (swapping which goes first), so the machine's drift falls on both sides alike.
 */
async function compare(subject: string, ceiling: string) {
  const slice = Math.max(1, Math.round(DURATION_S / ROUNDS));
  const totals = { subject: { requests: 0, p99: [] as number[], errors: 0 }, ceiling: { requests: 0, p99: [] as number[], errors: 0 } };
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order: Array<'subject' | 'ceiling'> = round % 2 ? ['ceiling', 'subject'] : ['subject', 'ceiling'];
    const perRound: Record<string, number> = {};
    for (const side of order) {
      const r = await autocannon({ url: side === 'subject' ? subject : ceiling, connections: 10, duration: slice });
      totals[side].requests += r.requests.total;
      totals[side].p99.push(r.latency.p99);
      totals[side].errors += r.errors + r.non2xx;
      perRound[side] = r.requests.total;
    }
    ratios.push(perRound.subject / perRound.ceiling);
  }
  const seconds = slice * ROUNDS;
  const side = (t: typeof totals.subject) => ({ requestsPerSecond: Math.round(t.requests / seconds), p99Ms: Math.max(...t.p99), errors: t.errors });
  return { ...side(totals.subject), ceiling: side(totals.ceiling), ratio: round3(totals.subject.requests / totals.ceiling.requests), ratioPerRound: ratios.map(round3) };
}

export async function benchPublicList() {
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-bench-'));
  const started = performance.now();
  const trustroom = spawn(process.execPath, [CLI, 'serve', '--demo'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TRUSTROOM_DATA_DIR: dir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let bare: ChildProcess | null = null;
  try {
    const base = (await waitForLine(trustroom, /listening on (http:\/\/\S+)/))[1];
    let msToHealthy = 0;
    for (;;) {
      const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (ok) {
        msToHealthy = Math.round(performance.now() - started);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const rssAfterStartMb = rssMb(trustroom.pid!);
    const jsonUrl = `${base}/w/cloudblue/subprocessors.json`;
    const htmlUrl = `${base}/w/cloudblue/subprocessors`;
    const jsonBytes = Buffer.from(await (await fetch(jsonUrl)).arrayBuffer());
    const htmlBytes = Buffer.from(await (await fetch(htmlUrl)).arrayBuffer());
    writeFileSync(join(dir, 'list.json'), jsonBytes);
    writeFileSync(join(dir, 'list.html'), htmlBytes);
    bare = spawn(process.execPath, [BARE, join(dir, 'list.json'), join(dir, 'list.html')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const barePort = (await waitForLine(bare, /listening (\d+)/))[1];

    // Warm both up, then measure alternately so drift hits both sides alike.
    await autocannon({ url: jsonUrl, connections: 10, duration: 2 });
    await autocannon({ url: `http://127.0.0.1:${barePort}/json`, connections: 10, duration: 2 });
    const json = await compare(jsonUrl, `http://127.0.0.1:${barePort}/json`);
    const page = await compare(htmlUrl, `http://127.0.0.1:${barePort}/html`);
    const rssAfterLoadMb = rssMb(trustroom.pid!);
    return {
      bench: 'public-list',
      settings: { connections: 10, secondsPerSide: DURATION_S, rounds: ROUNDS, database: 'sqlite', logLevel: 'warn' },
      json: { path: '/w/cloudblue/subprocessors.json', bytes: jsonBytes.length, ...json, target: 0.8 },
      html: { path: '/w/cloudblue/subprocessors', bytes: htmlBytes.length, ...page },
      startup: { msFromProcessStartToHealthy: msToHealthy, rssAfterStartMb, rssAfterLoadMb },
    };
  } finally {
    trustroom.kill('SIGTERM');
    bare?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
