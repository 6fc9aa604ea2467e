import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxPayConfig } from '../../../config.js';
import { paymentErrors } from '../payments.errors.js';
import type { PaymentProvider, RawNotification, VerifiedNotification } from './provider.js';
import { parseOffsetInstant } from './provider-time.js';

/*
 * The provider that ships on: our own hosted pay page posts its callback to the notify route,
 * signed like a real provider would sign it, so the whole path is exercised without one.
 */

const MAX_SKEW_SECONDS = 300;

/** Hex HMAC-SHA256 over `${timestamp}.${rawBody}`; the hosted pay page signs with it. */
export function signSandboxCallback(secret: string, body: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
}

export function sandboxProvider(config: SandboxPayConfig): PaymentProvider {
  return {
    name: 'sandbox',

    async checkout(request) {
      const url = `${request.publicBaseUrl}/pay/${encodeURIComponent(request.paymentId)}`;
      return { url, qrContent: url };
    },

    verifyNotification(notification, now) {
      const timestamp = singleHeader(notification, 'x-sandbox-timestamp');
      const signature = singleHeader(notification, 'x-sandbox-signature');
      if (timestamp === undefined || signature === undefined) throw paymentErrors.signatureInvalid('sandbox', 'the signature headers are missing');
      if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) {
        throw paymentErrors.signatureInvalid('sandbox', 'the signature headers are not a timestamp and a hex digest');
      }
      const expected = createHmac('sha256', config.secret).update(`${timestamp}.`).update(notification.rawBody).digest();
      if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw paymentErrors.signatureInvalid('sandbox', 'wrong signature');
      if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) throw paymentErrors.notificationStale('sandbox', MAX_SKEW_SECONDS);
      return parseSandboxBody(notification.rawBody);
    },

    acknowledge() {
      return { status: 204, contentType: null, body: '' };
    },

    async refund(request) {
      return { kind: 'refunded', providerRefundId: `sandbox-${request.refundId}` };
    },
  };
}

function parseSandboxBody(rawBody: Buffer): VerifiedNotification {
  const malformed = (reason: string) => paymentErrors.notificationMalformed('sandbox', reason);
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw malformed('the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw malformed('the body is not a JSON object');
  const { paymentId, transactionId, status, amount, currency, paidAt } = body as Record<string, unknown>;
  if (!isId(paymentId)) throw malformed('paymentId is missing');
  if (status === 'failed') {
    if (transactionId !== null && transactionId !== undefined && !isId(transactionId)) throw malformed('transactionId is not an id');
    return { kind: 'failed', paymentId, transactionId: transactionId ?? null };
  }
  if (status !== 'paid') throw malformed('status must be paid or failed');
  if (!isId(transactionId)) throw malformed('transactionId is missing');
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) throw malformed('amount must be an integer count of fen');
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw malformed('currency must be an ISO 4217 code');
  const paidAtDate = parseOffsetInstant(paidAt);
  if (!paidAtDate) throw malformed('paidAt must be an instant with its offset');
  return { kind: 'paid', paymentId, transactionId, amount, currency, paidAt: paidAtDate };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64;
}

/** A header as one string; a repeated one is refused, since which copy was signed is unknowable. */
function singleHeader(notification: RawNotification, name: string): string | undefined {
  for (const [key, value] of Object.entries(notification.headers)) {
    if (key.toLowerCase() !== name) continue;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}
