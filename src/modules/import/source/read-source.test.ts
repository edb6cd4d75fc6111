import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AppError } from '../../../shared/errors.ts';
import { isPublicAddress, readSource, type ReadOptions } from './read-source.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 with a free port; `hits` counts the requests it received. */
async function serve(handler: Handler) {
  const hits: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    hits.push(req);
    handler(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    hits,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Asserts that `promise` rejects with a 400 AppError of `code`, field `source`, and returns it. */
async function rejection(promise: Promise<unknown>, code: string): Promise<AppError> {
  const e = await promise.then(() => assert.fail(`expected ${code}, got a result`), (err: unknown) => err);
  assert.ok(e instanceof AppError, `expected an AppError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  assert.equal(e.status, 400);
  assert.equal((e.data as { field: string }).field, 'source');
  assert.match(e.message, /^source: /);
  return e;
}

const noDns: ReadOptions['resolve'] = async (host) => assert.fail(`unexpected DNS lookup of ${host}`);

describe('readSource from a file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trustroom-source-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads a file as text with its base name and path as origin', async () => {
    const path = join(dir, 'list.md');
    await writeFile(path, '# Sub-processors\n');
    assert.deepEqual(await readSource(path), { text: '# Sub-processors\n', contentType: null, name: 'list.md', origin: path });
  });

  it('reports a missing file as source_not_found, naming the path', async () => {
    const path = join(dir, 'nope.csv');
    const e = await rejection(readSource(path), 'source_not_found');
    assert.equal(e.message, `source: file '${path}' not found`);
  });

  it('refuses a file over maxBytes before reading it', async () => {
    const path = join(dir, 'big.csv');
    await writeFile(path, 'x'.repeat(17));
    const e = await rejection(readSource(path, { maxBytes: 16 }), 'source_too_large');
    assert.equal(e.message, `source: file '${path}' is larger than the 16 bytes limit`);
    assert.equal((await readSource(path, { maxBytes: 17 })).text.length, 17);
  });

  it('refuses a directory as source_unreadable', async () => {
    const e = await rejection(readSource(dir), 'source_unreadable');
    assert.match(e.message, /is a directory/);
  });

  it('decodes bytes that are not valid UTF-8 as windows-1252 (latin1)', async () => {
    const path = join(dir, 'latin1.csv');
    await writeFile(path, Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x46, 0x52])); // "Café,FR" in latin1
    assert.equal((await readSource(path)).text, 'Café,FR');
  });

  it('strips a UTF-8 byte order mark', async () => {
    const path = join(dir, 'bom.csv');
    await writeFile(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name,Zürich')]));
    assert.equal((await readSource(path)).text, 'Name,Zürich');
  });

  it('honours the <meta charset> of an HTML file', async () => {
    const path = join(dir, 'list.html');
    await writeFile(path, Buffer.concat([Buffer.from('<meta charset="iso-8859-2"><p>'), Buffer.from([0xb1]), Buffer.from('</p>')]));
    assert.equal((await readSource(path)).text, '<meta charset="iso-8859-2"><p>ą</p>');
  });
});

describe('isPublicAddress', () => {
  it('accepts public IPv4 and global unicast IPv6, including IPv4 inside IPv6 when that is public', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']) {
      assert.equal(isPublicAddress(ip), true, ip);
    }
  });

  it('refuses loopback, private, link-local, unspecified, CGNAT, multicast, reserved and documentation addresses', () => {
    for (const ip of [
      '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
      '0.0.0.0', '100.64.0.1', '100.127.255.255', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
      '192.0.2.1', '198.18.0.1', '::', '::1', '[::1]', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1',
      'fec0::1', '2001:db8::1', '2001::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
      '::127.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::1', '2002:a9fe:a9fe::1',
    ]) {
      assert.equal(isPublicAddress(ip), false, ip);
    }
  });

  it('treats anything that is not an IP address as not public', () => {
    for (const value of ['', 'localhost', 'example.com', '127.1', '1.2.3.4.5', ':::']) assert.equal(isPublicAddress(value), false, value);
  });
});

describe('readSource from a URL', () => {
  let site: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    site = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const hops = Number(/^\/hop\/(\d+)$/.exec(url.pathname)?.[1] ?? NaN);
      if (url.pathname === '/list.md') {
        res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end('# Sub-processors\n');
      } else if (url.pathname === '/host') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(req.headers.host);
      } else if (Number.isInteger(hops)) {
        if (hops === 0) res.writeHead(200, { 'content-type': 'text/plain' }).end('arrived');
        else res.writeHead(302, { location: `/hop/${hops - 1}` }).end();
      } else if (url.pathname === '/to') {
        res.writeHead(301, { location: url.searchParams.get('u') ?? '/' }).end();
      } else if (url.pathname === '/slow-list') {
        // 30 vendors, one every 40 ms: a time limit of 500 ms cuts the list part-way.
        res.writeHead(200, { 'content-type': 'text/markdown' });
        let n = 0;
        const timer = setInterval(() => {
          res.write(`- **Vendor ${++n}**: hosting\n`);
          if (n === 30) clearInterval(timer), res.end();
        }, 40);
        res.on('close', () => clearInterval(timer));
      } else if (url.pathname === '/cut') {
        res.writeHead(200, { 'content-type': 'text/markdown', 'content-length': '4096' });
        res.write('- **Vendor 1**: hosting\n');
        setTimeout(() => res.socket?.destroy(), 30);
      } else if (url.pathname === '/silent') {
        // never answers
      } else if (url.pathname === '/endless') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('x'.repeat(1024)), 1);
        res.on('close', () => clearInterval(timer));
      } else if (url.pathname === '/huge-length') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(10 * 1024 * 1024) });
        res.write('x'); // then nothing: a client that waits for the body would time out
      } else if (url.pathname === '/gzip-bomb') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(1024 * 1024, 0x78)));
      } else if (url.pathname === '/gzip') {
        res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip' }).end(gzipSync('Name,Country\nAcme,DE\n'));
      } else if (url.pathname === '/latin1') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=ISO-8859-1' }).end(Buffer.from([0x43, 0x61, 0x66, 0xc3, 0xa9]));
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      }
    });
  });
  after(() => site.close());

  const allow = { allowPrivate: true } as const;

  it('refuses a URL to a loopback server by default, without sending it a request', async () => {
    const before = site.hits.length;
    const e = await rejection(readSource(site.url('/list.md')), 'source_private_address');
    assert.equal(e.message, "source: refused private address for host '127.0.0.1' (use --allow-private to import from your own network)");
    assert.equal(site.hits.length, before);
  });

  it('reads a URL on the local network with allowPrivate', async () => {
    const got = await readSource(`${site.url('/list.md')}?token=secret`, allow);
    assert.deepEqual(got, { text: '# Sub-processors\n', contentType: 'text/markdown', name: 'list.md', origin: `${site.url('/list.md')}?token=secret` });
  });

  it('refuses literal private and special addresses without looking anything up or connecting', async () => {
    const before = site.hits.length;
    for (const host of ['127.0.0.1', '[::1]', '169.254.169.254', '10.0.0.1', '0.0.0.0', '[::ffff:127.0.0.1]', '0x7f.1', '2130706433']) {
      const started = Date.now();
      const e = await rejection(readSource(`http://${host}:${site.port}/list.md`, { resolve: noDns, timeoutMs: 5000 }), 'source_private_address');
      assert.match(e.message, /^source: refused private address for host '/);
      assert.ok(Date.now() - started < 200, `${host} took ${Date.now() - started} ms`);
    }
    assert.equal(site.hits.length, before);
  });

  it('refuses cloud metadata and .internal names before any DNS lookup', async () => {
    for (const host of ['metadata.google.internal', 'metadata', 'printer.local', 'app.localhost']) {
      await rejection(readSource(`http://${host}/computeMetadata/v1/`, { resolve: noDns }), 'source_private_address');
    }
  });

  it('refuses a name that resolves to loopback (localhost) unless private networks are allowed', async () => {
    const before = site.hits.length;
    const e = await rejection(readSource(`http://localhost:${site.port}/list.md`), 'source_private_address');
    assert.equal(e.message, "source: refused private address for host 'localhost' (use --allow-private to import from your own network)");
    assert.equal(site.hits.length, before);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    const resolve: ReadOptions['resolve'] = async () => [{ address: '93.184.216.34', family: 4 }, { address: '::ffff:10.1.2.3', family: 6 }];
    const e = await rejection(readSource('https://list.example.com/', { resolve }), 'source_private_address');
    assert.deepEqual(e.data, { field: 'source', host: 'list.example.com', address: '::ffff:10.1.2.3' });
  });

  it('connects to the address it checked while sending the original host name', async () => {
    const resolve: ReadOptions['resolve'] = async () => [{ address: '127.0.0.1', family: 4 }];
    const got = await readSource(`http://list.example.test:${site.port}/host`, { ...allow, resolve });
    assert.equal(got.text, `list.example.test:${site.port}`);
  });

  it('reports a host that does not resolve as source_not_found', async () => {
    const resolve: ReadOptions['resolve'] = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const e = await rejection(readSource('https://nowhere.example/list', { resolve }), 'source_not_found');
    assert.equal(e.message, "source: host 'nowhere.example' not found");
  });

  it('follows a chain of redirects and reports the final URL as origin', async () => {
    const got = await readSource(site.url('/hop/5'), allow);
    assert.equal(got.text, 'arrived');
    assert.equal(got.origin, site.url('/hop/0'));
    assert.equal(got.name, '0');
  });

  it('stops after maxRedirects redirects with source_too_many_redirects', async () => {
    const e = await rejection(readSource(site.url('/hop/6'), allow), 'source_too_many_redirects');
    assert.equal(e.message, "source: more than 5 redirects, the last from host '127.0.0.1'");
    await rejection(readSource(site.url('/hop/2'), { ...allow, maxRedirects: 1 }), 'source_too_many_redirects');
  });

  it('refuses a redirect to a file: or ftp: URL, naming the scheme', async () => {
    for (const [target, scheme] of [['file:///etc/passwd', 'file:'], ['ftp://files.example/list.csv', 'ftp:']]) {
      const e = await rejection(readSource(site.url(`/to?u=${encodeURIComponent(target)}`), allow), 'source_unsupported');
      assert.equal(e.message, `source: host '127.0.0.1' redirected to an unsupported URL scheme '${scheme}' (only http and https)`);
    }
  });

  it('refuses a URL whose scheme is not http or https, naming the scheme', async () => {
    const e = await rejection(readSource('ftp://files.example/list.csv'), 'source_unsupported');
    assert.equal(e.message, "source: cannot import from an unsupported URL scheme 'ftp:' (only http and https)");
    await rejection(readSource('file:///etc/passwd'), 'source_unsupported');
  });

  it('gives up on a server that never answers with source_timeout within timeoutMs', async () => {
    const started = Date.now();
    const e = await rejection(readSource(site.url('/silent'), { ...allow, timeoutMs: 300 }), 'source_timeout');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 280 && elapsed < 1000, `took ${elapsed} ms`);
    assert.equal(e.message, "source: host '127.0.0.1' did not answer within 300 ms");
  });

  it('fails a body cut off part-way by the time limit, naming the limit, instead of returning the part', async () => {
    const e = await rejection(readSource(site.url('/slow-list'), { ...allow, timeoutMs: 500 }), 'source_timeout');
    assert.match(e.message, /^source: the response from host '127\.0\.0\.1' was cut off by the 500 ms time limit after \d+ bytes; nothing was imported$/);
    assert.equal((e.data as { field: string }).field, 'source');
    const whole = await readSource(site.url('/slow-list'), { ...allow, timeoutMs: 5000 });
    assert.equal(whole.text.split('\n').filter(Boolean).length, 30, 'the same list within the limit is read whole');
  });

  it('fails a body whose connection closes before its declared length as source_truncated', async () => {
    const e = await rejection(readSource(site.url('/cut'), { ...allow, timeoutMs: 2000 }), 'source_truncated');
    assert.match(e.message, /^source: the response from host '127\.0\.0\.1' ended early \(connection closed after \d+ bytes\); nothing was imported$/);
  });

  it('stops reading a body that streams past maxBytes', async () => {
    const e = await rejection(readSource(site.url('/endless'), { ...allow, maxBytes: 64 * 1024 }), 'source_too_large');
    assert.equal(e.message, "source: the response from host '127.0.0.1' is larger than the 64 KB limit");
  });

  it('refuses a Content-Length over maxBytes without waiting for the body', async () => {
    const started = Date.now();
    await rejection(readSource(site.url('/huge-length'), { ...allow, timeoutMs: 2000 }), 'source_too_large');
    assert.ok(Date.now() - started < 1000);
  });

  it('decompresses a gzip body and counts the decompressed size against maxBytes', async () => {
    assert.equal((await readSource(site.url('/gzip'), allow)).text, 'Name,Country\nAcme,DE\n');
    await rejection(readSource(site.url('/gzip-bomb'), { ...allow, maxBytes: 64 * 1024 }), 'source_too_large');
  });

  it('reports a 404 as source_http_error naming the status', async () => {
    const e = await rejection(readSource(site.url('/missing'), allow), 'source_http_error');
    assert.equal(e.message, "source: host '127.0.0.1' answered HTTP 404");
    assert.equal((e.data as { status: number }).status, 404);
  });

  it('decodes by the charset of Content-Type even when the bytes are valid UTF-8', async () => {
    const got = await readSource(site.url('/latin1'), allow);
    assert.equal(got.text, 'CafÃ©');
    assert.equal(got.contentType, 'text/plain');
  });

  it('reports a closed port as source_unreachable', async () => {
    const gone = await serve(() => {});
    await gone.close();
    const e = await rejection(readSource(gone.url('/'), allow), 'source_unreachable');
    assert.equal(e.message, "source: could not fetch from host '127.0.0.1' (ECONNREFUSED)");
  });
});
