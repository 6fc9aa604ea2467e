import { createVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePaymentGateways, type FakePaymentGateways } from '../../../../test/helpers/fake-payment-gateways.js';
import { testPaymentKeys, testPaymentsConfig } from '../../../../test/helpers/payment-keys.js';
import {
  wechatpayCallback,
  wechatpayEnvelope,
  wechatpaySigned,
  type CallbackFields,
  type WechatpayCallbackOptions,
} from '../../../../test/helpers/payment-signers.js';
import { DomainError } from '../../../shared/errors.js';
import type { PaymentProvider, RawNotification, RefundRequest } from './provider.js';
import { wechatpayAuthorization, wechatpayProvider } from './wechatpay.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const NOW_SECONDS = 1772416800;
const keys = testPaymentKeys();

const fields: CallbackFields = {
  paymentId: 'pay_01JNB0',
  transactionId: '4200000848202603020290526543',
  amount: 500000,
  currency: 'CNY',
  status: 'paid',
  paidAt: new Date('2026-03-02T01:58:20.000Z'),
};

let gateways: FakePaymentGateways;
let provider: PaymentProvider;

beforeAll(async () => {
  gateways = await startFakePaymentGateways({ now: () => NOW });
  provider = wechatpayProvider(testPaymentsConfig(gateways.url).wechatpay!, { fetch, now: () => NOW });
});

afterAll(async () => {
  await gateways.close();
});

function notify(options: Partial<WechatpayCallbackOptions> = {}, overrides: Partial<typeof fields> = {}): RawNotification {
  const callback = wechatpayCallback(keys, { ...fields, ...overrides }, { timestampSeconds: NOW_SECONDS, ...options });
  return { headers: callback.headers, rawBody: Buffer.from(callback.body, 'utf8') };
}

function signedBody(body: string): RawNotification {
  const callback = wechatpaySigned(keys, body, { timestampSeconds: NOW_SECONDS });
  return { headers: callback.headers, rawBody: Buffer.from(callback.body, 'utf8') };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('did not throw');
}

describe('WeChat Pay request signature', () => {
  it('signs METHOD, path, timestamp, nonce and body, each line ended', () => {
    const header = wechatpayAuthorization(testPaymentsConfig('http://x').wechatpay!, 'POST', '/v3/refund/domestic/refunds', '{"a":1}', NOW, 'N0NCE');
    const match = /^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="N0NCE",signature="([^"]+)",timestamp="1772416800",serial_no="3775B6A45ACD588826D15E583A95F5DD7C2F8A3A"$/.exec(
      header,
    );
    expect(match).not.toBeNull();
    const message = 'POST\n/v3/refund/domestic/refunds\n1772416800\nN0NCE\n{"a":1}\n';
    expect(createVerify('sha256WithRSAEncryption').update(message).verify(keys.wechatpay.merchant.publicKey, match![1]!, 'base64')).toBe(true);
  });
});

describe('WeChat Pay notifications', () => {
  it('verifies and decrypts a TRANSACTION.SUCCESS notification to its fields', () => {
    expect(provider.verifyNotification(notify(), NOW)).toEqual({
      kind: 'paid',
      paymentId: 'pay_01JNB0',
      transactionId: '4200000848202603020290526543',
      amount: 500000,
      currency: 'CNY',
      paidAt: new Date('2026-03-02T01:58:20.000Z'),
    });
  });

  it('reads CLOSED and PAYERROR as failed and ignores other states and events', () => {
    expect(provider.verifyNotification(notify({}, { status: 'failed' }), NOW)).toEqual({
      kind: 'failed',
      paymentId: 'pay_01JNB0',
      transactionId: '4200000848202603020290526543',
    });
    expect(provider.verifyNotification(notify({ tradeState: 'PAYERROR' }), NOW)).toMatchObject({ kind: 'failed' });
    expect(provider.verifyNotification(notify({ tradeState: 'USERPAYING' }), NOW)).toEqual({
      kind: 'ignored',
      paymentId: 'pay_01JNB0',
      reason: 'TRANSACTION.SUCCESS with trade_state USERPAYING',
    });
    expect(provider.verifyNotification(notify({ eventType: 'REFUND.SUCCESS' }), NOW)).toEqual({
      kind: 'ignored',
      paymentId: 'pay_01JNB0',
      reason: 'event_type REFUND.SUCCESS',
    });
  });

  it('refuses a notification signed with another key, tampered with, or under an unknown serial', () => {
    expect(codeOf(() => provider.verifyNotification(notify({ signWith: keys.stranger.privateKey }), NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
    const genuine = notify();
    const tampered = Buffer.from(genuine.rawBody.toString().replace('"summary":"支付成功"', '"summary":"支付成功 "'));
    expect(tampered.equals(genuine.rawBody)).toBe(false);
    expect(codeOf(() => provider.verifyNotification({ headers: genuine.headers, rawBody: tampered }, NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
    expect(codeOf(() => provider.verifyNotification(notify({ serial: '7132D72A03E93CDDF8C03BBD1F37EEDF204B1E6F' }), NOW))).toBe(
      'PAYMENT_SIGNATURE_INVALID',
    );
    expect(codeOf(() => provider.verifyNotification({ headers: {}, rawBody: genuine.rawBody }, NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
  });

  it('refuses a notification dated more than 5 minutes from now', () => {
    expect(provider.verifyNotification(notify({ timestampSeconds: NOW_SECONDS - 300 }), NOW).kind).toBe('paid');
    expect(codeOf(() => provider.verifyNotification(notify({ timestampSeconds: NOW_SECONDS - 301 }), NOW))).toBe('PAYMENT_NOTIFICATION_STALE');
    expect(codeOf(() => provider.verifyNotification(notify({ timestampSeconds: NOW_SECONDS + 301 }), NOW))).toBe('PAYMENT_NOTIFICATION_STALE');
  });

  it('refuses a payment of another merchant', () => {
    expect(codeOf(() => provider.verifyNotification(notify({ mchId: '1230000109' }), NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
  });

  it('answers MALFORMED, never a plain error, to a signed body it cannot read', () => {
    const transaction = (changes: Record<string, unknown>) => ({
      mchid: '1900000109',
      out_trade_no: 'pay_01JNB0',
      transaction_id: '4200000848202603020290526543',
      trade_state: 'SUCCESS',
      success_time: '2026-03-02T09:58:20+08:00',
      amount: { total: 500000, currency: 'CNY' },
      ...changes,
    });
    const bodies: Record<string, string> = {
      'not JSON': 'out_trade_no=pay_01JNB0',
      'no resource': '{"event_type":"TRANSACTION.SUCCESS"}',
      'no event type': JSON.stringify({ ...JSON.parse(wechatpayEnvelope(keys, transaction({}))), event_type: undefined }),
      'another algorithm': wechatpayEnvelope(keys, transaction({})).replace('AEAD_AES_256_GCM', 'AEAD_AES_128_GCM'),
      'another APIv3 key': wechatpayEnvelope(keys, transaction({}), { apiV3Key: 'another-APIv3-key-0123456789abcd' }),
      'plaintext not JSON': wechatpayEnvelope(keys, 'trade_state=SUCCESS'),
      'no out_trade_no': wechatpayEnvelope(keys, transaction({ out_trade_no: undefined })),
      'no mchid': wechatpayEnvelope(keys, transaction({ mchid: undefined })),
      'no transaction_id': wechatpayEnvelope(keys, transaction({ transaction_id: undefined })),
      'amount in yuan': wechatpayEnvelope(keys, transaction({ amount: { total: '5000.00', currency: 'CNY' } })),
      'fractional amount': wechatpayEnvelope(keys, transaction({ amount: { total: 0.5, currency: 'CNY' } })),
      'no currency': wechatpayEnvelope(keys, transaction({ amount: { total: 500000 } })),
      'no success_time': wechatpayEnvelope(keys, transaction({ success_time: undefined })),
      'impossible success_time': wechatpayEnvelope(keys, transaction({ success_time: '2026-02-30T09:58:20+08:00' })),
    };
    for (const [why, body] of Object.entries(bodies)) {
      expect(codeOf(() => provider.verifyNotification(signedBody(body), NOW)), why).toBe('PAYMENT_NOTIFICATION_MALFORMED');
    }
  });

  it('acknowledges with an empty 204', () => {
    expect(provider.acknowledge()).toEqual({ status: 204, contentType: null, body: '' });
  });
});

describe('WeChat Pay checkout', () => {
  const request = {
    paymentId: 'pay_01JNB0',
    amount: 500000,
    currency: 'CNY',
    subject: 'Koleos deposit, order R-8K2M',
    publicBaseUrl: 'https://shop.example.com',
    expiresAt: new Date('2026-03-02T02:30:00.000Z'),
  };

  it('offers the code_url of a Native order as a QR code', async () => {
    expect(await provider.checkout(request)).toEqual({ url: null, qrContent: 'weixin://wxpay/bizpayurl?pr=pay_01JNB0' });
    expect(gateways.calls.at(-1)).toEqual({
      provider: 'wechatpay',
      operation: 'native',
      params: {
        appid: 'wxd678efh567hg6787',
        mchid: '1900000109',
        description: 'Koleos deposit, order R-8K2M',
        out_trade_no: 'pay_01JNB0',
        time_expire: '2026-03-02T10:30:00+08:00',
        notify_url: 'https://shop.example.com/api/v1/payments/wechatpay/notify',
        amount: { total: 500000, currency: 'CNY' },
      },
    });
  });

  it('fails as unavailable when WeChat Pay cannot be reached or its answer does not verify', async () => {
    gateways.failNext(1, 'connection-reset');
    await expect(provider.checkout(request)).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
    const config = testPaymentsConfig(gateways.url).wechatpay!;
    const distrusting = wechatpayProvider(
      { ...config, platformKeys: new Map([[keys.wechatpay.platformSerial, keys.stranger.publicKey]]) },
      { fetch, now: () => NOW },
    );
    await expect(distrusting.checkout(request)).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
  });
});

describe('WeChat Pay refunds', () => {
  const refund = (refundId: string): RefundRequest => ({
    paymentId: 'pay_01JNB0',
    transactionId: `42000008482026030200000${refundId.slice(-3)}`,
    refundId,
    amount: 100000,
    paymentAmount: 500000,
    currency: 'CNY',
    reason: 'cancelled by the dealer',
  });

  it('refunds, with a request the gateway verifies', async () => {
    const outcome = await provider.refund(refund('rfd_w01'));
    expect(outcome).toMatchObject({ kind: 'refunded' });
    expect(gateways.refundCount('rfd_w01')).toBe(1);
    expect(gateways.calls.at(-1)).toEqual({
      provider: 'wechatpay',
      operation: 'refund',
      params: {
        transaction_id: '42000008482026030200000w01',
        out_refund_no: 'rfd_w01',
        reason: 'cancelled by the dealer',
        amount: { refund: 100000, total: 500000, currency: 'CNY' },
      },
    });
  });

  it('refunds a retried refund id once, with the same WeChat refund id', async () => {
    const first = await provider.refund(refund('rfd_w02'));
    const second = await provider.refund(refund('rfd_w02'));
    expect(first.kind).toBe('refunded');
    expect(second).toEqual(first);
    expect(gateways.refundCount('rfd_w02')).toBe(1);
    expect(gateways.refundsOfTransaction('42000008482026030200000w02')).toBe(1);
  });

  it('asks for a retry when WeChat Pay is down, and refunds once when retried', async () => {
    gateways.failNext(1, 'http-500');
    expect(await provider.refund(refund('rfd_w03'))).toMatchObject({ kind: 'retry' });
    gateways.failNext(1, 'connection-reset');
    expect(await provider.refund(refund('rfd_w03'))).toMatchObject({ kind: 'retry' });
    gateways.failNext(1, 'system-error');
    expect(await provider.refund(refund('rfd_w03'))).toEqual({ kind: 'retry', reason: 'WeChat Pay answered HTTP 500 SYSTEM_ERROR: 系统错误' });
    expect(gateways.refundCount('rfd_w03')).toBe(0);
    gateways.failNext(1, 'lost-answer');
    expect(await provider.refund(refund('rfd_w03'))).toMatchObject({ kind: 'retry' });
    expect(await provider.refund(refund('rfd_w03'))).toMatchObject({ kind: 'refunded' });
    expect(gateways.refundsOfTransaction('42000008482026030200000w03')).toBe(1);
  });

  it('reports a 4xx as refused', async () => {
    gateways.failNext(1, 'business-refusal');
    expect(await provider.refund(refund('rfd_w04'))).toEqual({ kind: 'refused', reason: 'WeChat Pay answered HTTP 403 NOT_ENOUGH: 基本账户余额不足' });
    const impostor = wechatpayProvider(
      { ...testPaymentsConfig(gateways.url).wechatpay!, privateKey: keys.stranger.privateKey },
      { fetch, now: () => NOW },
    );
    expect(await impostor.refund(refund('rfd_w05'))).toEqual({ kind: 'refused', reason: 'WeChat Pay answered HTTP 401 SIGN_ERROR: 签名错误' });
    expect(gateways.refundCount('rfd_w04') + gateways.refundCount('rfd_w05')).toBe(0);
  });

  it('does not believe a success answer that WeChat Pay did not sign', async () => {
    const config = testPaymentsConfig(gateways.url).wechatpay!;
    const distrusting = wechatpayProvider(
      { ...config, platformKeys: new Map([[keys.wechatpay.platformSerial, keys.stranger.publicKey]]) },
      { fetch, now: () => NOW },
    );
    expect(await distrusting.refund(refund('rfd_w06'))).toEqual({ kind: 'refused', reason: "WeChat Pay's answer does not verify: wrong signature" });
  });
});
