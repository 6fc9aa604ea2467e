/**
 * The yardstick: bare Fastify, no logger, no plugins, no hooks, no schemas, answering with a
 * JSON document of exactly the size of the app's answer to each scenario.
 *
 * Fairness: each document IS the app's own body for that scenario (fetched once by run.ts),
 * parsed into an object at start-up and serialized per request by Fastify's default
 * serializer (JSON.stringify), so the work is the same size and the same shape: same bytes,
 * same `application/json; charset=utf-8`, no caching headers. run.ts checks byte length and
 * content type against the app's before measuring. What the baseline does NOT do is exactly
 * what the ratio prices: validation, hooks, database queries, localisation, schema serialization.
 *
 * Usage: node --import tsx bench/baseline-server.ts --doc NAME=FILE [--doc NAME=FILE ...]
 * Listens on 127.0.0.1 on a free port and prints {"port":N} as one line on stdout.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values } = parseArgs({ options: { doc: { type: 'string', multiple: true } } });
const documents = new Map<string, unknown>();
for (const spec of values.doc ?? []) {
  const at = spec.indexOf('=');
  if (at <= 0) throw new Error(`--doc expects NAME=FILE, got "${spec}"`);
  documents.set(spec.slice(0, at), JSON.parse(fs.readFileSync(spec.slice(at + 1), 'utf8')) as unknown);
}

const app = Fastify({ logger: false });
// GET for read scenarios; POST receives (and parses) the same JSON body the app would.
app.route({
  method: ['GET', 'POST'],
  url: '/baseline/:name',
  handler: async (request, reply) => {
    const { name } = request.params as { name: string };
    const document = documents.get(name);
    if (document === undefined) return reply.code(404).send({ error: `no baseline document "${name}"` });
    return document;
  },
});

const shutdown = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('baseline server has no TCP address');
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
