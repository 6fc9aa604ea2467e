import { createCipheriv, createHmac, createSign, randomBytes, type KeyObject } from 'node:crypto';
import type { TestPaymentKeys } from './payment-keys.js';

/*
 * Callbacks exactly as each provider sends them, built from the providers' documentation and
 * not from our verifiers, so a verifier that drifts from the spec fails its tests.
 * Each returns headers and body for app.inject({ method: 'POST', url, headers, payload: body }).
 */

export interface SignedCallback {
  headers: Record<string, string>;
  body: string;
}

/** What a callback says, in our terms. */
export interface CallbackFields {
  /** Our payment id (out_trade_no). */
  paymentId: string;
  /** The provider's transaction id (trade_no, transaction_id). */
  transactionId: string;
  /** Fen. */
  amount: number;
  currency: string;
  status: 'paid' | 'failed';
  /** Default 2026-03-02T02:00:00Z. */
  paidAt?: Date;
}

const DEFAULT_PAID_AT = new Date('2026-03-02T02:00:00.000Z');

/** x-sandbox-signature = hex HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function sandboxCallback(secret: string, fields: CallbackFields, timestampSeconds: number): SignedCallback {
  const body = JSON.stringify({
    paymentId: fields.paymentId,
    transactionId: fields.transactionId,
    status: fields.status,
    amount: fields.amount,
    currency: fields.currency,
    paidAt: (fields.paidAt ?? DEFAULT_PAID_AT).toISOString(),
  });
  return { headers: sandboxHeaders(secret, body, timestampSeconds), body };
}

/** Signs any body, e.g. a malformed one, as the sandbox pay page would. */
export function sandboxHeaders(secret: string, body: string, timestampSeconds: number): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return { 'content-type': 'application/json', 'x-sandbox-timestamp': String(timestampSeconds), 'x-sandbox-signature': signature };
}

export interface AlipayCallbackOptions {
  /** Overrides the trade_status that `status` implies (TRADE_SUCCESS / TRADE_CLOSED), e.g. TRADE_FINISHED, WAIT_BUYER_PAY. */
  tradeStatus?: string;
  /** Overrides total_amount, e.g. with text that is not an amount. */
  totalAmount?: string;
  appId?: string;
  /** Signs with another key, to forge. */
  signWith?: KeyObject;
  /** Parameters added, replaced, or (with undefined) removed before signing. */
  params?: Record<string, string | undefined>;
}

/** Shanghai wall time, yyyy-MM-dd HH:mm:ss. */
function shanghaiTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 60 * 60 * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
}

function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/**
 * An asynchronous notification (trade_status_sync): a form POST, signed with Alipay's key over
 * the non-empty parameters but sign and sign_type, sorted by name, as k=v&k=v.
 */
export function alipayCallback(keys: TestPaymentKeys, fields: CallbackFields, options: AlipayCallbackOptions = {}): SignedCallback {
  if (fields.currency !== 'CNY') throw new Error('Alipay notifications are in CNY');
  const paidAt = fields.paidAt ?? DEFAULT_PAID_AT;
  const total = options.totalAmount ?? yuan(fields.amount);
  const params: Record<string, string | undefined> = {
    gmt_create: shanghaiTime(new Date(paidAt.getTime() - 60_000)),
    charset: 'utf-8',
    seller_email: 'shop@example.com',
    subject: 'Koleos 定金 order R-8K2M',
    buyer_id: '2088102177846880',
    invoice_amount: total,
    notify_id: `2026030200222100000${fields.transactionId.length}`,
    fund_bill_list: `[{"amount":"${total}","fundChannel":"ALIPAYACCOUNT"}]`,
    notify_type: 'trade_status_sync',
    trade_status: options.tradeStatus ?? (fields.status === 'paid' ? 'TRADE_SUCCESS' : 'TRADE_CLOSED'),
    receipt_amount: total,
    app_id: options.appId ?? keys.alipay.appId,
    buyer_pay_amount: total,
    seller_id: '2088102177649450',
    gmt_payment: fields.status === 'paid' ? shanghaiTime(paidAt) : '',
    notify_time: shanghaiTime(paidAt),
    version: '1.0',
    out_trade_no: fields.paymentId,
    total_amount: total,
    trade_no: fields.transactionId,
    auth_app_id: options.appId ?? keys.alipay.appId,
    buyer_logon_id: 'bu***@example.com',
    point_amount: '0.00',
    ...options.params,
  };
  const present = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const content = present
    .filter(([name, value]) => name !== 'sign' && name !== 'sign_type' && value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const sign = createSign('sha256WithRSAEncryption').update(Buffer.from(content, 'utf8')).sign(options.signWith ?? keys.alipay.alipay.privateKey, 'base64');
  const body = new URLSearchParams([...present, ['sign', sign], ['sign_type', 'RSA2']]).toString();
  return { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body };
}

export interface WechatpayCallbackOptions {
  timestampSeconds: number;
  /** Wechatpay-Serial; the platform serial by default. */
  serial?: string;
  /** Signs with another key, to forge. */
  signWith?: KeyObject;
  /** Overrides the trade_state that `status` implies (SUCCESS / CLOSED), e.g. PAYERROR, NOTPAY. */
  tradeState?: string;
  /** TRANSACTION.SUCCESS by default. */
  eventType?: string;
  mchId?: string;
  /** Encrypts with another APIv3 key. */
  apiV3Key?: string;
  /** Fields added to, or replacing, the decrypted transaction. */
  resource?: Record<string, unknown>;
}

/** Shanghai wall time with +08:00, as WeChat Pay writes success_time. */
function rfc3339Shanghai(at: Date): string {
  return `${shanghaiTime(at).replace(' ', 'T')}+08:00`;
}

/**
 * A v3 payment notification: the transaction encrypted with AEAD_AES_256_GCM under the APIv3
 * key (tag appended to the ciphertext), the body signed with the platform key over
 * `${timestamp}\n${nonce}\n${body}\n`.
 */
export function wechatpayCallback(keys: TestPaymentKeys, fields: CallbackFields, options: WechatpayCallbackOptions): SignedCallback {
  const transaction = {
    appid: keys.wechatpay.appId,
    mchid: options.mchId ?? keys.wechatpay.mchId,
    out_trade_no: fields.paymentId,
    transaction_id: fields.transactionId,
    trade_type: 'NATIVE',
    trade_state: options.tradeState ?? (fields.status === 'paid' ? 'SUCCESS' : 'CLOSED'),
    trade_state_desc: fields.status === 'paid' ? '支付成功' : '已关闭',
    bank_type: 'OTHERS',
    attach: '',
    success_time: rfc3339Shanghai(fields.paidAt ?? DEFAULT_PAID_AT),
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: fields.amount, payer_total: fields.amount, currency: fields.currency, payer_currency: fields.currency },
    ...options.resource,
  };
  return wechatpaySigned(keys, wechatpayEnvelope(keys, transaction, options), options);
}

/** The notification envelope around an encrypted resource (any plaintext, e.g. a malformed one). */
export function wechatpayEnvelope(
  keys: TestPaymentKeys,
  plaintext: unknown,
  options: { eventType?: string; apiV3Key?: string } = {},
): string {
  const nonce = randomBytes(6).toString('hex');
  const associatedData = 'transaction';
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(options.apiV3Key ?? keys.wechatpay.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const text = typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2026-03-02T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: options.eventType ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: sealed.toString('base64'),
      associated_data: associatedData,
      nonce,
    },
  });
}

/** Signs any body as WeChat Pay's platform would. */
export function wechatpaySigned(
  keys: TestPaymentKeys,
  body: string,
  options: { timestampSeconds: number; serial?: string; signWith?: KeyObject },
): SignedCallback {
  const nonce = randomBytes(16).toString('hex').toUpperCase();
  const signature = createSign('sha256WithRSAEncryption')
    .update(`${options.timestampSeconds}\n${nonce}\n${body}\n`, 'utf8')
    .sign(options.signWith ?? keys.wechatpay.platform.privateKey, 'base64');
  return {
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': String(options.timestampSeconds),
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': options.serial ?? keys.wechatpay.platformSerial,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
    body,
  };
}
