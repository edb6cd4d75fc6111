/**
 * public-list: requests/s and p99 latency of /w/cloudblue/subprocessors.json and the HTML page
 * (autocannon, 10 connections, 10 s each), next to a bare Fastify route serving the same bytes;
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

async function load(url: string) {
  const r = await autocannon({ url, connections: 10, duration: DURATION_S });
  return { requestsPerSecond: Math.round(r.requests.average), p99Ms: r.latency.p99, errors: r.errors + r.non2xx };
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
    const json = await load(jsonUrl);
    const jsonCeiling = await load(`http://127.0.0.1:${barePort}/json`);
    const page = await load(htmlUrl);
    const pageCeiling = await load(`http://127.0.0.1:${barePort}/html`);
    const rssAfterLoadMb = rssMb(trustroom.pid!);
    return {
      bench: 'public-list',
      settings: { connections: 10, durationSeconds: DURATION_S, database: 'sqlite', logLevel: 'warn' },
      json: { path: '/w/cloudblue/subprocessors.json', bytes: jsonBytes.length, ...json, ceiling: jsonCeiling, ratio: round(json.requestsPerSecond / jsonCeiling.requestsPerSecond), target: 0.8 },
      html: { path: '/w/cloudblue/subprocessors', bytes: htmlBytes.length, ...page, ceiling: pageCeiling, ratio: round(page.requestsPerSecond / pageCeiling.requestsPerSecond) },
      startup: { msFromProcessStartToHealthy: msToHealthy, rssAfterStartMb, rssAfterLoadMb },
    };
  } finally {
    trustroom.kill('SIGTERM');
    bare?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
