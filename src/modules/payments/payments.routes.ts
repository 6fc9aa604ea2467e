import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { getBuyerPayment, getPayment, handleNotification, startPayment, type PaymentDeps } from '../../flows/settle-payment.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { problemResponses } from '../../shared/schemas.js';
import { access, accessErrors } from '../access/access.policy.js';
import { paymentErrors } from './payments.errors.js';
import { CompleteSandboxBody, HostedPaymentQuery, HostedPaymentSchema, OrderIdParams, PaymentIdParams, PaymentSchema, ProviderParams, ProvidersSchema, StartPaymentBody } from './payments.schemas.js';
import type { PaymentProvider, ProviderName } from './providers/provider.js';
import { signSandboxCallback } from './providers/sandbox.js';

/** Provider callbacks are small; anything bigger is not one. */
const NOTIFICATION_BODY_LIMIT = 64 * 1024;

export interface PaymentRouteOptions {
  db: Db;
  clock: Clock;
  providers: ReadonlyMap<ProviderName, PaymentProvider>;
  publicBaseUrl: string;
  /** The sandbox's signing secret, for its hosted page; absent when the sandbox is off. */
  sandboxSecret: string | undefined;
}

export async function paymentRoutes(app: App, options: PaymentRouteOptions): Promise<void> {
  const deps: PaymentDeps = { db: options.db, clock: options.clock, providers: options.providers, publicBaseUrl: options.publicBaseUrl };

  app.get(
    '/payments/providers',
    {
      config: { access: access.public },
      schema: {
        tags: ['payments'],
        summary: 'The payment providers offered here, in the order the deployment lists them',
        response: { 200: ProvidersSchema, ...problemResponses(400) },
      },
    },
    async () => ({ providers: [...options.providers.keys()] }),
  );

  app.post(
    '/orders/:id/payments',
    {
      config: { access: access.signedIn(['buyer']), idempotency: true },
      schema: {
        tags: ['payments'],
        summary: 'Start paying what one of the buyer’s orders asks now (its deposit, or its balance)',
        description: 'Requires an `Idempotency-Key` header. Answers where to pay: a page to open, or a QR code to scan.',
        params: OrderIdParams,
        body: StartPaymentBody,
        response: { 201: PaymentSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      if (request.principal.kind === 'anonymous') throw accessErrors.unauthenticated();
      const { payment } = await startPayment(deps, request.principal.userId, request.params.id, request.body.provider, request.idempotencyKey);
      return reply.status(201).send(payment);
    },
  );

  app.get(
    '/me/payments/:id',
    {
      config: { access: access.signedIn(['buyer']) },
      schema: {
        tags: ['payments'],
        summary: 'One of the buyer’s payments: poll it after paying',
        params: PaymentIdParams,
        response: { 200: PaymentSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      if (request.principal.kind === 'anonymous') throw accessErrors.unauthenticated();
      return getBuyerPayment(options.db, request.principal.userId, request.params.id);
    },
  );

  // ---- The sandbox provider's hosted page: it stands where a real provider's page would. ----

  app.get(
    '/payments/sandbox/:id',
    {
      config: { access: access.public },
      schema: {
        tags: ['payments'],
        summary: 'A sandbox payment, as its hosted pay page shows it',
        params: PaymentIdParams,
        querystring: HostedPaymentQuery,
        response: { 200: HostedPaymentSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const payment = await getPayment(options.db, request.params.id, request.query.locale);
      if (payment.provider !== 'sandbox' || options.sandboxSecret === undefined) throw paymentErrors.notSandbox();
      return payment;
    },
  );

  app.post(
    '/payments/sandbox/:id/complete',
    {
      config: { access: access.public },
      schema: {
        tags: ['payments'],
        summary: 'The sandbox page’s pay and fail buttons: sends the signed callback a real provider would',
        params: PaymentIdParams,
        querystring: HostedPaymentQuery,
        body: CompleteSandboxBody,
        response: { 200: HostedPaymentSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => {
      const secret = options.sandboxSecret;
      const payment = await getPayment(options.db, request.params.id);
      if (payment.provider !== 'sandbox' || secret === undefined) throw paymentErrors.notSandbox();
      if (payment.status !== 'pending') throw paymentErrors.notPending(payment.status);
      const now = options.clock.now();
      const body = JSON.stringify({
        paymentId: payment.id,
        transactionId: `sbx-${newId(now.getTime())}`,
        status: request.body.outcome,
        amount: payment.amount.amount,
        currency: payment.amount.currency,
        paidAt: now.toISOString(),
      });
      const timestamp = Math.floor(now.getTime() / 1000);
      await handleNotification(deps, 'sandbox', {
        headers: { 'x-sandbox-timestamp': String(timestamp), 'x-sandbox-signature': signSandboxCallback(secret, body, timestamp), 'content-type': 'application/json' },
        rawBody: Buffer.from(body),
      });
      return getPayment(options.db, payment.id, request.query.locale);
    },
  );

  // ---- Provider callbacks: the raw bytes, since the signatures cover them. ----

  await app.register(async (plugin) => {
    const callbacks = plugin.withTypeProvider<TypeBoxTypeProvider>();
    callbacks.removeAllContentTypeParsers();
    callbacks.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: NOTIFICATION_BODY_LIMIT }, (_request, body, done) => done(null, body));
    callbacks.post(
      '/payments/:provider/notify',
      {
        config: { access: access.public },
        schema: {
          tags: ['payments'],
          summary: 'A payment provider’s asynchronous notification (signature checked; answered as the provider expects)',
          params: ProviderParams,
          response: {
            200: Type.String({ description: 'Alipay’s acknowledgement: the plain text `success`.' }),
            204: Type.Null({ description: 'The sandbox’s and WeChat Pay’s acknowledgement.' }),
            ...problemResponses(400, 404, 413, 422),
          },
        },
      },
      async (request, reply) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const ack = await handleNotification(deps, request.params.provider, { headers: request.headers, rawBody });
        reply.status(ack.status as 200 | 204);
        if (ack.contentType) reply.type(ack.contentType);
        // The provider's own answer (Alipay's plain `success`), not one of our JSON bodies.
        return reply.send((ack.body === '' ? undefined : ack.body) as never);
      },
    );
  });
}
