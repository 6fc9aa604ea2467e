import { createSign, createVerify } from 'node:crypto';
import type { AlipayConfig } from '../../../config.js';
import { paymentErrors } from '../payments.errors.js';
import { fenToYuanText, yuanTextToFen } from './money-text.js';
import type { PaymentProvider, RefundOutcome, VerifiedNotification } from './provider.js';
import { parseShanghaiWallTime, shanghaiWallTime } from './provider-time.js';

/*
 * Alipay open platform, public-key mode (not certificate mode), RSA2 = SHA256withRSA.
 * Requests are signed over every parameter but `sign`; asynchronous notifications over every
 * parameter but `sign` and `sign_type`; answers over the raw JSON text of their response node.
 */

export interface AlipayDeps {
  fetch: typeof fetch;
  now: () => Date;
}

/** Non-empty parameters sorted by name, joined k=v&k=v, values as they are (not encoded). */
export function alipaySignContent(params: Record<string, string>, exclude: readonly string[]): string {
  return Object.keys(params)
    .filter((key) => !exclude.includes(key) && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

function sign(content: string, config: AlipayConfig): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(config.privateKey, 'base64');
}

function verify(content: string, signature: string, config: AlipayConfig): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(config.alipayPublicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** The common parameters of an API call, with `sign`. */
function signedCall(config: AlipayConfig, method: string, biz: object, now: Date, extra: Record<string, string> = {}): Record<string, string> {
  const params: Record<string, string> = {
    app_id: config.appId,
    method,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: shanghaiWallTime(now),
    version: '1.0',
    ...extra,
    biz_content: JSON.stringify(biz),
  };
  return { ...params, sign: sign(alipaySignContent(params, ['sign']), config) };
}

function formEncode(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

/** Subjects are at most 256 characters. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

export function alipayProvider(config: AlipayConfig, deps: AlipayDeps): PaymentProvider {
  return {
    name: 'alipay',

    async checkout(request) {
      if (request.currency !== 'CNY') throw paymentErrors.currencyUnsupported('alipay', request.currency);
      const params = signedCall(
        config,
        'alipay.trade.wap.pay',
        {
          out_trade_no: request.paymentId,
          total_amount: fenToYuanText(request.amount),
          subject: clip(request.subject, 256),
          product_code: 'QUICK_WAP_WAY',
          time_expire: shanghaiWallTime(request.expiresAt),
        },
        deps.now(),
        {
          notify_url: `${request.publicBaseUrl}/api/v1/payments/alipay/notify`,
          return_url: `${request.publicBaseUrl}/account/orders`,
        },
      );
      const url = `${config.gateway}${config.gateway.includes('?') ? '&' : '?'}${formEncode(params)}`;
      return { url, qrContent: url };
    },

    verifyNotification(notification) {
      const params = parseForm(notification.rawBody);
      const signature = params.sign;
      if (signature === undefined || signature === '') throw paymentErrors.signatureInvalid('alipay', 'the notification carries no sign');
      if (params.sign_type !== undefined && params.sign_type !== 'RSA2') {
        throw paymentErrors.signatureInvalid('alipay', `sign_type ${params.sign_type} is not accepted, only RSA2`);
      }
      if (!verify(alipaySignContent(params, ['sign', 'sign_type']), signature, config)) {
        throw paymentErrors.signatureInvalid('alipay', 'wrong signature');
      }
      // A notification signed by Alipay for another application is not about our payments.
      if (params.app_id !== config.appId) throw paymentErrors.signatureInvalid('alipay', 'the notification is for another app_id');
      // No freshness window: Alipay retries an unanswered notification about 8 times over 25
      // hours, and a verified old notification is still true. Deduplication is by trade_no.
      return readNotification(params);
    },

    acknowledge() {
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' };
    },

    async refund(request) {
      if (request.currency !== 'CNY') return { kind: 'refused', reason: `Alipay refunds CNY only, not ${request.currency}` };
      const params = signedCall(
        config,
        'alipay.trade.refund',
        {
          out_trade_no: request.paymentId,
          trade_no: request.transactionId,
          refund_amount: fenToYuanText(request.amount),
          out_request_no: request.refundId,
          refund_reason: clip(request.reason, 256),
        },
        deps.now(),
      );
      let status: number;
      let text: string;
      try {
        const response = await deps.fetch(config.gateway, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', accept: 'application/json' },
          body: formEncode(params),
          signal: AbortSignal.timeout(15_000),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        return { kind: 'retry', reason: `Alipay could not be reached: ${(error as Error).message}` };
      }
      return readRefundAnswer(status, text, config, request.transactionId);
    },
  };
}

/** Strict application/x-www-form-urlencoded, UTF-8; a repeated name is refused, since which copy was signed is unknowable. */
function parseForm(rawBody: Buffer): Record<string, string> {
  const malformed = (reason: string) => paymentErrors.notificationMalformed('alipay', reason);
  const text = rawBody.toString('utf8');
  if (!/^[^=&]+=[^&]*(&[^=&]+=[^&]*)*$/.test(text)) throw malformed('the body is not a form');
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of text.split('&')) {
    const at = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(pair.slice(0, at).replace(/\+/g, ' '));
      value = decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
    } catch {
      throw malformed('the form is not valid percent-encoded UTF-8');
    }
    if (key in params) throw malformed(`the form repeats ${key}`);
    params[key] = value;
  }
  if (params.charset !== undefined && params.charset.toLowerCase() !== 'utf-8') throw malformed(`charset ${params.charset} is not utf-8`);
  return params;
}

function readNotification(params: Record<string, string>): VerifiedNotification {
  const malformed = (reason: string) => paymentErrors.notificationMalformed('alipay', reason);
  const paymentId = params.out_trade_no;
  const status = params.trade_status;
  if (!paymentId) throw malformed('out_trade_no is missing');
  if (!status) throw malformed('trade_status is missing');
  if (status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED') {
    const transactionId = params.trade_no;
    if (!transactionId) throw malformed('trade_no is missing');
    const amount = yuanTextToFen(params.total_amount ?? '');
    if (amount === null) throw malformed(`total_amount "${params.total_amount ?? ''}" is not an amount of yuan`);
    // gmt_payment is when the buyer paid; without it, when Alipay first told us.
    const paidAt = parseShanghaiWallTime(params.gmt_payment || params.notify_time);
    if (!paidAt) throw malformed('gmt_payment is not a time');
    return { kind: 'paid', paymentId, transactionId, amount, currency: 'CNY', paidAt };
  }
  // Closed unpaid at expiry, or after a full refund: the payments module tells them apart.
  if (status === 'TRADE_CLOSED') return { kind: 'failed', paymentId, transactionId: params.trade_no || null };
  return { kind: 'ignored', paymentId, reason: `trade_status ${status}` };
}

const RESPONSE_NODE = 'alipay_trade_refund_response';

function readRefundAnswer(status: number, text: string, config: AlipayConfig, transactionId: string): RefundOutcome {
  if (status >= 500 || status === 408 || status === 429) return { kind: 'retry', reason: `Alipay answered HTTP ${status}` };
  if (status !== 200) return { kind: 'refused', reason: `Alipay answered HTTP ${status}` };
  const raw = rawTopLevelMember(text, RESPONSE_NODE);
  let node: Record<string, unknown>;
  let signature: unknown;
  try {
    node = JSON.parse(raw ?? '') as Record<string, unknown>;
    signature = (JSON.parse(text) as Record<string, unknown>).sign;
  } catch {
    // Unreadable: whether the refund happened is unknown, and retrying the same out_request_no is safe.
    return { kind: 'retry', reason: 'Alipay answered something that is not its JSON response' };
  }
  if (typeof node !== 'object' || node === null) return { kind: 'retry', reason: `Alipay's answer has no ${RESPONSE_NODE}` };
  const code = String(node.code ?? '');
  const subCode = String(node.sub_code ?? '');
  if (code === '10000') {
    // Only a success is acted on, so only a success must prove it comes from Alipay.
    if (typeof signature !== 'string' || !verify(raw!, signature, config)) {
      return { kind: 'refused', reason: "Alipay's success answer is not signed by ALIPAY_PUBLIC_KEY" };
    }
    // A signed answer about another trade, replayed, must not settle this refund.
    if (node.trade_no !== undefined && node.trade_no !== transactionId) {
      return { kind: 'refused', reason: `Alipay answered about trade ${String(node.trade_no)}` };
    }
    // A retried out_request_no answers 10000 again (fund_change N): the refund stands once.
    return { kind: 'refunded', providerRefundId: null };
  }
  const detail = `${code} ${subCode}: ${String(node.sub_msg ?? node.msg ?? '')}`.trim();
  if (code === '20000' || subCode === 'ACQ.SYSTEM_ERROR' || subCode.endsWith('unknow-error')) return { kind: 'retry', reason: detail };
  return { kind: 'refused', reason: detail };
}

/**
 * The exact text of one member's value in a JSON object, as Alipay signed it: re-serialising
 * the parsed value could reorder or re-escape it. Null when the text is not such an object.
 */
export function rawTopLevelMember(text: string, name: string): string | null {
  let at = skipSpace(text, 0);
  if (text[at] !== '{') return null;
  at = skipSpace(text, at + 1);
  while (at < text.length && text[at] === '"') {
    const keyEnd = skipString(text, at);
    if (keyEnd < 0) return null;
    let key: unknown;
    try {
      key = JSON.parse(text.slice(at, keyEnd));
    } catch {
      return null;
    }
    at = skipSpace(text, keyEnd);
    if (text[at] !== ':') return null;
    const valueStart = skipSpace(text, at + 1);
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd < 0) return null;
    if (key === name) return text.slice(valueStart, valueEnd);
    at = skipSpace(text, valueEnd);
    if (text[at] !== ',') return null;
    at = skipSpace(text, at + 1);
  }
  return null;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at += 1;
  return at;
}

/** The index just past the string starting at `at`, or -1. */
function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** The index just past the JSON value starting at `at`, or -1. */
function skipValue(text: string, at: number): number {
  if (text[at] === '"') return skipString(text, at);
  if (text[at] !== '{' && text[at] !== '[') {
    const match = /^[^,}\]\s]+/.exec(text.slice(at));
    return match ? at + match[0].length : -1;
  }
  let depth = 0;
  for (let i = at; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      const end = skipString(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
