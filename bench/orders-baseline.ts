/**
 * The yardstick of `npm run bench:orders`: bare Fastify (no logger, plugins, hooks or schemas)
 * answering the three requests of an order's iteration with trivial handlers: the same
 * methods and paths, JSON bodies parsed, an id and an amount answered, 201, 201 and 204.
 *
 * Usage: node --import tsx bench/orders-baseline.ts
 * Listens on 127.0.0.1 on a free port and prints {"port":N} as one line on stdout.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false });

app.post('/api/v1/stores/:store/orders', async (_request, reply) => reply.status(201).send({ id: randomUUID(), status: 'pending_deposit' }));
app.post('/api/v1/orders/:id/payments', async (request, reply) => {
  const { id } = request.params as { id: string };
  return reply.status(201).send({ id: randomUUID(), orderId: id, amount: { amount: 500_000, currency: 'CNY' }, status: 'pending' });
});
app.post('/api/v1/payments/:provider/notify', async (_request, reply) => reply.status(204).send());

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
