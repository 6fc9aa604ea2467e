import { createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';
import type { WechatPayConfig } from '../../../config.js';
import { paymentErrors } from '../payments.errors.js';
import type { PaymentProvider, RawNotification, RefundOutcome, VerifiedNotification } from './provider.js';
import { parseOffsetInstant, shanghaiRfc3339 } from './provider-time.js';

/*
 * WeChat Pay API v3. We sign each request with the merchant key (Authorization header); WeChat
 * Pay signs callbacks and answers with a platform key named by Wechatpay-Serial, over
 * `${timestamp}\n${nonce}\n${body}\n`, and encrypts a callback's resource with the APIv3 key.
 */

export interface WechatPayDeps {
  fetch: typeof fetch;
  now: () => Date;
}

const MAX_SKEW_SECONDS = 300;
const SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** The Authorization header of a request: SHA256withRSA over `METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n`. */
export function wechatpayAuthorization(config: WechatPayConfig, method: string, pathWithQuery: string, body: string, now: Date, nonce: string): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = createSign('RSA-SHA256')
    .update(`${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`, 'utf8')
    .sign(config.privateKey, 'base64');
  return `${SCHEMA} mchid="${config.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${config.certSerial}"`;
}

type Signed = { ok: true } | { ok: false; reason: string; stale?: boolean };

/** Checks a platform signature over timestamp, nonce and body, and that it is dated within 5 minutes of now. */
function checkPlatformSignature(config: WechatPayConfig, headers: RawNotification['headers'], body: Buffer, now: Date): Signed {
  const timestamp = singleHeader(headers, 'wechatpay-timestamp');
  const nonce = singleHeader(headers, 'wechatpay-nonce');
  const signature = singleHeader(headers, 'wechatpay-signature');
  const serial = singleHeader(headers, 'wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) return { ok: false, reason: 'the Wechatpay-* signature headers are missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'Wechatpay-Timestamp is not a number of seconds' };
  const key = config.platformKeys.get(serial) ?? config.platformKeys.get(serial.toUpperCase());
  if (!key) return { ok: false, reason: `no platform certificate has serial ${serial}` };
  let valid: boolean;
  try {
    valid = createVerify('RSA-SHA256').update(`${timestamp}\n${nonce}\n`).update(body).update('\n').verify(key, signature, 'base64');
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'wrong signature' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: `dated more than ${MAX_SKEW_SECONDS} s from now`, stale: true };
  return { ok: true };
}

export function wechatpayProvider(config: WechatPayConfig, deps: WechatPayDeps): PaymentProvider {
  /** A signed call; the answer counts only once its platform signature verifies. */
  async function call(path: string, payload: object): Promise<{ status: number; body: unknown; signed: Signed } | { error: string }> {
    const body = JSON.stringify(payload);
    const now = deps.now();
    try {
      const response = await deps.fetch(`${config.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: wechatpayAuthorization(config, 'POST', path, body, now, randomBytes(16).toString('hex')),
          'content-type': 'application/json',
          accept: 'application/json',
          // WeChat Pay refuses v3 calls without a User-Agent.
          'user-agent': 'Vitrine',
        },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      const text = Buffer.from(await response.arrayBuffer());
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text.toString('utf8'));
      } catch {
        // Not JSON: judged by the status below.
      }
      const headers = Object.fromEntries(response.headers);
      return { status: response.status, body: parsed, signed: checkPlatformSignature(config, headers, text, deps.now()) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  return {
    name: 'wechatpay',

    async checkout(request) {
      if (request.currency !== 'CNY') throw paymentErrors.currencyUnsupported('wechatpay', request.currency);
      const answer = await call('/v3/pay/transactions/native', {
        appid: config.appId,
        mchid: config.mchId,
        description: [...request.subject].slice(0, 127).join(''),
        out_trade_no: request.paymentId,
        time_expire: shanghaiRfc3339(request.expiresAt),
        notify_url: `${request.publicBaseUrl}/api/v1/payments/wechatpay/notify`,
        amount: { total: request.amount, currency: 'CNY' },
      });
      if ('error' in answer) throw paymentErrors.providerUnavailable('wechatpay', answer.error);
      const codeUrl = (answer.body as { code_url?: unknown } | null)?.code_url;
      if (answer.status !== 200 || typeof codeUrl !== 'string') {
        throw paymentErrors.providerUnavailable('wechatpay', `HTTP ${answer.status} ${describeError(answer.body)}`);
      }
      // A code_url that WeChat Pay did not sign could send the buyer's money elsewhere.
      if (!answer.signed.ok) throw paymentErrors.providerUnavailable('wechatpay', `the answer's signature: ${answer.signed.reason}`);
      return { url: null, qrContent: codeUrl };
    },

    verifyNotification(notification, now) {
      const signed = checkPlatformSignature(config, notification.headers, notification.rawBody, now);
      if (!signed.ok) {
        throw signed.stale ? paymentErrors.notificationStale('wechatpay', MAX_SKEW_SECONDS) : paymentErrors.signatureInvalid('wechatpay', signed.reason);
      }
      const resource = decryptResource(config, notification.rawBody);
      return readResource(config, resource.eventType, resource.plaintext);
    },

    acknowledge() {
      return { status: 204, contentType: null, body: '' };
    },

    async refund(request) {
      if (request.currency !== 'CNY') return { kind: 'refused', reason: `WeChat Pay refunds CNY only, not ${request.currency}` };
      const answer = await call('/v3/refund/domestic/refunds', {
        transaction_id: request.transactionId,
        out_refund_no: request.refundId,
        reason: [...request.reason].slice(0, 80).join(''),
        amount: { refund: request.amount, total: request.paymentAmount, currency: 'CNY' },
      });
      return readRefundAnswer(answer, request.refundId);
    },
  };
}

function readRefundAnswer(answer: { status: number; body: unknown; signed: Signed } | { error: string }, refundId: string): RefundOutcome {
  if ('error' in answer) return { kind: 'retry', reason: `WeChat Pay could not be reached: ${answer.error}` };
  const { status, body, signed } = answer;
  // 429 is FREQUENCY_LIMITED: the same out_refund_no can be sent again later.
  if (status >= 500 || status === 429 || status === 408) return { kind: 'retry', reason: `WeChat Pay answered HTTP ${status} ${describeError(body)}` };
  if (status < 200 || status >= 300) return { kind: 'refused', reason: `WeChat Pay answered HTTP ${status} ${describeError(body)}` };
  const refund = (body ?? {}) as { status?: unknown; refund_id?: unknown; out_refund_no?: unknown };
  if (refund.status !== 'SUCCESS' && refund.status !== 'PROCESSING') {
    if (refund.status === undefined) return { kind: 'retry', reason: 'WeChat Pay answered without a refund status' };
    return { kind: 'refused', reason: `WeChat Pay refund status ${String(refund.status)}` };
  }
  // Only a success is acted on, so only a success must prove it comes from WeChat Pay.
  if (!signed.ok) return { kind: 'refused', reason: `WeChat Pay's answer does not verify: ${signed.reason}` };
  // A signed answer about another refund, replayed, must not settle this one.
  if (refund.out_refund_no !== refundId) return { kind: 'refused', reason: `WeChat Pay answered about refund ${String(refund.out_refund_no)}` };
  return { kind: 'refunded', providerRefundId: typeof refund.refund_id === 'string' ? refund.refund_id : null };
}

function describeError(body: unknown): string {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === 'string' ? `${code}: ${String(message ?? '')}` : '';
}

function decryptResource(config: WechatPayConfig, rawBody: Buffer): { eventType: string; plaintext: Record<string, unknown> } {
  const malformed = (reason: string) => paymentErrors.notificationMalformed('wechatpay', reason);
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw malformed('the body is not JSON');
  }
  const { event_type: eventType, resource } = (body ?? {}) as { event_type?: unknown; resource?: unknown };
  if (typeof eventType !== 'string' || eventType === '') throw malformed('event_type is missing');
  if (typeof resource !== 'object' || resource === null) throw malformed('resource is missing');
  const { algorithm, ciphertext, associated_data: associatedData, nonce } = resource as Record<string, unknown>;
  if (algorithm !== 'AEAD_AES_256_GCM') throw malformed(`resource.algorithm ${String(algorithm)} is not AEAD_AES_256_GCM`);
  if (typeof ciphertext !== 'string' || typeof nonce !== 'string' || nonce === '') throw malformed('resource.ciphertext or resource.nonce is missing');
  if (associatedData !== undefined && associatedData !== null && typeof associatedData !== 'string') throw malformed('resource.associated_data is not text');
  const sealed = Buffer.from(ciphertext, 'base64');
  if (sealed.length <= 16) throw malformed('resource.ciphertext is too short');
  let text: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', config.apiV3Key, Buffer.from(nonce, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    decipher.setAAD(Buffer.from(associatedData ?? '', 'utf8'));
    text = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw malformed('resource does not decrypt with WECHATPAY_APIV3_KEY');
  }
  let plaintext: unknown;
  try {
    plaintext = JSON.parse(text);
  } catch {
    throw malformed('the decrypted resource is not JSON');
  }
  if (typeof plaintext !== 'object' || plaintext === null || Array.isArray(plaintext)) throw malformed('the decrypted resource is not an object');
  return { eventType, plaintext: plaintext as Record<string, unknown> };
}

function readResource(config: WechatPayConfig, eventType: string, resource: Record<string, unknown>): VerifiedNotification {
  const malformed = (reason: string) => paymentErrors.notificationMalformed('wechatpay', reason);
  const paymentId = resource.out_trade_no;
  if (typeof paymentId !== 'string' || paymentId === '') throw malformed('out_trade_no is missing');
  if (!eventType.startsWith('TRANSACTION.')) return { kind: 'ignored', paymentId, reason: `event_type ${eventType}` };
  if (typeof resource.mchid !== 'string') throw malformed('mchid is missing');
  // Signed by WeChat Pay, but about another merchant's payment: not ours to act on.
  if (resource.mchid !== config.mchId) throw paymentErrors.signatureInvalid('wechatpay', 'the notification is for another mchid');
  const state = resource.trade_state;
  const transactionId = typeof resource.transaction_id === 'string' && resource.transaction_id !== '' ? resource.transaction_id : null;
  if (typeof state !== 'string') throw malformed('trade_state is missing');
  if (state === 'SUCCESS' && eventType === 'TRANSACTION.SUCCESS') {
    if (!transactionId) throw malformed('transaction_id is missing');
    const { total, currency } = (resource.amount ?? {}) as { total?: unknown; currency?: unknown };
    if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) throw malformed('amount.total must be an integer count of fen');
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw malformed('amount.currency must be an ISO 4217 code');
    const paidAt = parseOffsetInstant(resource.success_time);
    if (!paidAt) throw malformed('success_time must be an instant with its offset');
    return { kind: 'paid', paymentId, transactionId, amount: total, currency, paidAt };
  }
  if (state === 'CLOSED' || state === 'PAYERROR') return { kind: 'failed', paymentId, transactionId };
  return { kind: 'ignored', paymentId, reason: `${eventType} with trade_state ${state}` };
}

/** A header as one string; a repeated one is refused, since which copy was signed is unknowable. */
function singleHeader(headers: RawNotification['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}
