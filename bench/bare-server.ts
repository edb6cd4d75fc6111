/** The ceiling: a bare Fastify route serving fixed bytes. Args: <port-file-less> reads bytes from argv files. */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [jsonFile, htmlFile] = process.argv.slice(2);
const json = readFileSync(jsonFile);
const page = readFileSync(htmlFile);
const app = Fastify({ logger: false });
app.get('/json', (_req, reply) => reply.type('application/json; charset=utf-8').send(json));
app.get('/html', (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
