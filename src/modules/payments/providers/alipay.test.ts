import { createVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePaymentGateways, type FakePaymentGateways } from '../../../../test/helpers/fake-payment-gateways.js';
import { testPaymentKeys, testPaymentsConfig } from '../../../../test/helpers/payment-keys.js';
import { alipayCallback, type AlipayCallbackOptions, type CallbackFields } from '../../../../test/helpers/payment-signers.js';
import { DomainError } from '../../../shared/errors.js';
import { alipayProvider, alipaySignContent, rawTopLevelMember } from './alipay.js';
import type { PaymentProvider, RawNotification, RefundRequest } from './provider.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const keys = testPaymentKeys();

const fields: CallbackFields = {
  paymentId: 'pay_01JNB0',
  transactionId: '2026030222001437561412345678',
  amount: 500000,
  currency: 'CNY',
  status: 'paid',
  paidAt: new Date('2026-03-02T01:58:20.000Z'),
};

let gateways: FakePaymentGateways;
let provider: PaymentProvider;

beforeAll(async () => {
  gateways = await startFakePaymentGateways();
  provider = alipayProvider(testPaymentsConfig(gateways.url).alipay!, { fetch, now: () => NOW });
});

afterAll(async () => {
  await gateways.close();
});

function notify(options: AlipayCallbackOptions = {}, overrides: Partial<typeof fields> = {}): RawNotification {
  const callback = alipayCallback(keys, { ...fields, ...overrides }, options);
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

describe('Alipay signature content', () => {
  it('sorts the non-empty parameters by name and leaves out the excluded ones', () => {
    const params = { total_amount: '2.00', sign: 'x', sign_type: 'RSA2', body: '大乐透2.1', app_id: '2015102700040153', refund_fee: '' };
    expect(alipaySignContent(params, ['sign', 'sign_type'])).toBe('app_id=2015102700040153&body=大乐透2.1&total_amount=2.00');
    expect(alipaySignContent(params, ['sign'])).toBe('app_id=2015102700040153&body=大乐透2.1&sign_type=RSA2&total_amount=2.00');
  });

  it('finds the raw text of the response node, as signed', () => {
    const text = ' { "x" : [1,{"}":"]"}] , "alipay_trade_refund_response" : {"code":"10000","msg":"a\\"}b"} ,"sign":"abc"}';
    expect(rawTopLevelMember(text, 'alipay_trade_refund_response')).toBe('{"code":"10000","msg":"a\\"}b"}');
    expect(rawTopLevelMember(text, 'sign')).toBe('"abc"');
    expect(rawTopLevelMember(text, 'missing')).toBeNull();
    expect(rawTopLevelMember('<html>', 'sign')).toBeNull();
  });
});

describe('Alipay notifications', () => {
  it('verifies a TRADE_SUCCESS notification to its fields', () => {
    expect(provider.verifyNotification(notify(), NOW)).toEqual({
      kind: 'paid',
      paymentId: 'pay_01JNB0',
      transactionId: '2026030222001437561412345678',
      amount: 500000,
      currency: 'CNY',
      paidAt: new Date('2026-03-02T01:58:20.000Z'),
    });
  });

  it('reads TRADE_FINISHED as paid too, TRADE_CLOSED as failed, and ignores WAIT_BUYER_PAY', () => {
    expect(provider.verifyNotification(notify({ tradeStatus: 'TRADE_FINISHED' }), NOW)).toMatchObject({ kind: 'paid', amount: 500000 });
    expect(provider.verifyNotification(notify({}, { status: 'failed' }), NOW)).toEqual({
      kind: 'failed',
      paymentId: 'pay_01JNB0',
      transactionId: '2026030222001437561412345678',
    });
    expect(provider.verifyNotification(notify({ tradeStatus: 'WAIT_BUYER_PAY' }), NOW)).toEqual({
      kind: 'ignored',
      paymentId: 'pay_01JNB0',
      reason: 'trade_status WAIT_BUYER_PAY',
    });
  });

  it('reads amounts exactly', () => {
    expect(provider.verifyNotification(notify({ totalAmount: '0.01' }), NOW)).toMatchObject({ amount: 1 });
    expect(provider.verifyNotification(notify({ totalAmount: '5000.1' }), NOW)).toMatchObject({ amount: 500010 });
    expect(provider.verifyNotification(notify({ totalAmount: '0.29' }), NOW)).toMatchObject({ amount: 29 });
  });

  it('has no freshness window: a day-old notification still verifies', () => {
    const dayLater = new Date('2026-03-03T02:00:00.000Z');
    expect(provider.verifyNotification(notify(), dayLater).kind).toBe('paid');
  });

  it('refuses a notification signed with another key, or tampered with', () => {
    expect(codeOf(() => provider.verifyNotification(notify({ signWith: keys.stranger.privateKey }), NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
    const genuine = alipayCallback(keys, fields);
    const tampered = genuine.body.replace('total_amount=5000.00', 'total_amount=0.01');
    expect(tampered).not.toBe(genuine.body);
    expect(codeOf(() => provider.verifyNotification({ headers: genuine.headers, rawBody: Buffer.from(tampered) }, NOW))).toBe(
      'PAYMENT_SIGNATURE_INVALID',
    );
    const unsigned = genuine.body.replace(/&sign=[^&]*/, '');
    expect(codeOf(() => provider.verifyNotification({ headers: genuine.headers, rawBody: Buffer.from(unsigned) }, NOW))).toBe(
      'PAYMENT_SIGNATURE_INVALID',
    );
  });

  it('refuses a notification Alipay signed for another application', () => {
    expect(codeOf(() => provider.verifyNotification(notify({ appId: '2021000199999999' }), NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
  });

  it('answers MALFORMED, never a plain error, to what it cannot read', () => {
    for (const totalAmount of ['1e3', '-1', '5000.001', '']) {
      expect(codeOf(() => provider.verifyNotification(notify({ totalAmount }), NOW)), totalAmount).toBe('PAYMENT_NOTIFICATION_MALFORMED');
    }
    expect(codeOf(() => provider.verifyNotification(notify({ params: { out_trade_no: undefined } }), NOW))).toBe('PAYMENT_NOTIFICATION_MALFORMED');
    expect(codeOf(() => provider.verifyNotification(notify({ params: { trade_no: undefined } }), NOW))).toBe('PAYMENT_NOTIFICATION_MALFORMED');
    expect(codeOf(() => provider.verifyNotification(notify({ params: { trade_status: undefined } }), NOW))).toBe('PAYMENT_NOTIFICATION_MALFORMED');
    expect(codeOf(() => provider.verifyNotification(notify({ params: { gmt_payment: '2026-02-30 10:00:00' } }), NOW))).toBe('PAYMENT_NOTIFICATION_MALFORMED');
    expect(provider.verifyNotification(notify({ params: { gmt_payment: undefined, notify_time: '2026-03-02 10:01:00' } }), NOW)).toMatchObject({
      paidAt: new Date('2026-03-02T02:01:00.000Z'),
    });
    for (const body of ['{"trade_status":"TRADE_SUCCESS"}', '', '&&', 'a=%E0%A4%A']) {
      expect(codeOf(() => provider.verifyNotification({ headers: {}, rawBody: Buffer.from(body) }, NOW)), body).toBe('PAYMENT_NOTIFICATION_MALFORMED');
    }
    const genuine = alipayCallback(keys, fields).body;
    const repeated = `${genuine}&out_trade_no=pay_OTHER`;
    expect(codeOf(() => provider.verifyNotification({ headers: {}, rawBody: Buffer.from(repeated) }, NOW))).toBe('PAYMENT_NOTIFICATION_MALFORMED');
  });

  it('acknowledges with the text success', () => {
    expect(provider.acknowledge()).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' });
  });
});

describe('Alipay checkout', () => {
  it('is a wap.pay URL on the gateway, signed with our key', async () => {
    const checkout = await provider.checkout({
      paymentId: 'pay_01JNB0',
      amount: 500010,
      currency: 'CNY',
      subject: 'Koleos 定金 & co',
      publicBaseUrl: 'https://shop.example.com',
      expiresAt: new Date('2026-03-02T02:30:00.000Z'),
    });
    expect(checkout.qrContent).toBe(checkout.url);
    const url = new URL(checkout.url!);
    expect(`${url.origin}${url.pathname}`).toBe(`${gateways.url}/gateway.do`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      app_id: '2021000117650139',
      method: 'alipay.trade.wap.pay',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2026-03-02 10:00:00',
      version: '1.0',
      notify_url: 'https://shop.example.com/api/v1/payments/alipay/notify',
      return_url: 'https://shop.example.com/account/orders',
    });
    expect(JSON.parse(params.biz_content!)).toEqual({
      out_trade_no: 'pay_01JNB0',
      total_amount: '5000.10',
      subject: 'Koleos 定金 & co',
      product_code: 'QUICK_WAP_WAY',
      time_expire: '2026-03-02 10:30:00',
    });
    // Checked as Alipay would: every parameter but sign, sorted, k=v joined with &.
    const content = Object.keys(params)
      .filter((name) => name !== 'sign')
      .sort()
      .map((name) => `${name}=${params[name]}`)
      .join('&');
    expect(createVerify('sha256WithRSAEncryption').update(content).verify(keys.alipay.app.publicKey, params.sign!, 'base64')).toBe(true);
    expect(createVerify('sha256WithRSAEncryption').update(content).verify(keys.stranger.publicKey, params.sign!, 'base64')).toBe(false);
  });

  it('takes CNY only', async () => {
    const request = { paymentId: 'p', amount: 1, currency: 'EUR', subject: 's', publicBaseUrl: 'https://x.example', expiresAt: NOW };
    await expect(provider.checkout(request)).rejects.toMatchObject({ code: 'PAYMENT_CURRENCY_UNSUPPORTED' });
  });
});

describe('Alipay refunds', () => {
  const refund = (refundId: string, transactionId = `2026030222001437561400000${refundId.slice(-3)}`): RefundRequest => ({
    paymentId: 'pay_01JNB0',
    transactionId,
    refundId,
    amount: 500000,
    paymentAmount: 500000,
    currency: 'CNY',
    reason: 'cancelled by the dealer',
  });

  it('refunds, with a request the gateway verifies', async () => {
    expect(await provider.refund(refund('rfd_a01'))).toEqual({ kind: 'refunded', providerRefundId: null });
    expect(gateways.refundCount('rfd_a01')).toBe(1);
    const call = gateways.calls.find((c) => c.params.out_request_no === 'rfd_a01');
    expect(call).toEqual({
      provider: 'alipay',
      operation: 'alipay.trade.refund',
      params: {
        out_trade_no: 'pay_01JNB0',
        trade_no: '2026030222001437561400000a01',
        refund_amount: '5000.00',
        out_request_no: 'rfd_a01',
        refund_reason: 'cancelled by the dealer',
      },
    });
  });

  it('refunds a retried refund id once', async () => {
    expect((await provider.refund(refund('rfd_a02'))).kind).toBe('refunded');
    expect((await provider.refund(refund('rfd_a02'))).kind).toBe('refunded');
    expect(gateways.refundCount('rfd_a02')).toBe(1);
    expect(gateways.refundsOfTransaction('2026030222001437561400000a02')).toBe(1);
  });

  it('asks for a retry when the gateway is down or says so, and refunds once when retried', async () => {
    gateways.failNext(1, 'http-500');
    expect(await provider.refund(refund('rfd_a03'))).toMatchObject({ kind: 'retry' });
    gateways.failNext(1, 'connection-reset');
    expect(await provider.refund(refund('rfd_a03'))).toMatchObject({ kind: 'retry' });
    gateways.failNext(1, 'system-error');
    expect(await provider.refund(refund('rfd_a03'))).toEqual({ kind: 'retry', reason: '40004 ACQ.SYSTEM_ERROR: 系统错误' });
    expect(gateways.refundCount('rfd_a03')).toBe(0);
    gateways.failNext(1, 'lost-answer');
    expect(await provider.refund(refund('rfd_a03'))).toMatchObject({ kind: 'retry' });
    expect(await provider.refund(refund('rfd_a03'))).toEqual({ kind: 'refunded', providerRefundId: null });
    expect(gateways.refundsOfTransaction('2026030222001437561400000a03')).toBe(1);
  });

  it('reports a business refusal as refused', async () => {
    gateways.failNext(1, 'business-refusal');
    expect(await provider.refund(refund('rfd_a04'))).toEqual({ kind: 'refused', reason: '40004 ACQ.TRADE_NOT_ALLOW_REFUND: 交易不允许退款' });
    expect(gateways.refundCount('rfd_a04')).toBe(0);
  });

  it('does not believe a success answer that Alipay did not sign', async () => {
    const trusting = alipayProvider({ ...testPaymentsConfig(gateways.url).alipay!, alipayPublicKey: keys.stranger.publicKey }, { fetch, now: () => NOW });
    expect(await trusting.refund(refund('rfd_a05'))).toEqual({
      kind: 'refused',
      reason: "Alipay's success answer is not signed by ALIPAY_PUBLIC_KEY",
    });
  });

  it('is refused by the gateway when signed with another key', async () => {
    const before = gateways.rejectedSignatures;
    const impostor = alipayProvider({ ...testPaymentsConfig(gateways.url).alipay!, privateKey: keys.stranger.privateKey }, { fetch, now: () => NOW });
    expect(await impostor.refund(refund('rfd_a06'))).toEqual({ kind: 'refused', reason: '40002 isv.invalid-signature: 验签出错' });
    expect(gateways.rejectedSignatures).toBe(before + 1);
    expect(gateways.refundCount('rfd_a06')).toBe(0);
  });
});
