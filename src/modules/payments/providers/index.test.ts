import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testPaymentEnv, testPaymentKeys, testPaymentsConfig } from '../../../../test/helpers/payment-keys.js';
import {
  alipayCallback,
  sandboxCallback,
  sandboxHeaders,
  wechatpayCallback,
  wechatpayEnvelope,
  wechatpaySigned,
} from '../../../../test/helpers/payment-signers.js';
import { loadConfig } from '../../../config.js';
import { DomainError } from '../../../shared/errors.js';
import { providersFromConfig } from './index.js';
import type { PaymentProvider, RawNotification } from './provider.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const NOW_SECONDS = 1772416800;
const keys = testPaymentKeys();
const fields = { paymentId: 'pay_01JNB0', transactionId: 'T-1', amount: 1, currency: 'CNY', status: 'paid' as 'paid' | 'failed' };

describe('providersFromConfig', () => {
  it('builds the sandbox alone by default', () => {
    expect([...providersFromConfig(loadConfig({}).payments).keys()]).toEqual(['sandbox']);
  });

  it('builds the enabled providers in the order they are listed', () => {
    const config = loadConfig({ ...testPaymentEnv('http://127.0.0.1:9'), PAYMENT_PROVIDERS: 'wechatpay,alipay' });
    const providers = providersFromConfig(config.payments);
    expect([...providers.keys()]).toEqual(['wechatpay', 'alipay']);
    expect([...providers.values()].map((provider) => provider.name)).toEqual(['wechatpay', 'alipay']);
  });

  it('verifies each provider’s callbacks with the keys read from the environment', () => {
    const providers = providersFromConfig(loadConfig(testPaymentEnv('http://127.0.0.1:9')).payments);
    const verify = (name: 'sandbox' | 'alipay' | 'wechatpay', callback: { headers: Record<string, string>; body: string }) =>
      providers.get(name)!.verifyNotification({ headers: callback.headers, rawBody: Buffer.from(callback.body) }, NOW);
    const paid = { kind: 'paid', paymentId: 'pay_01JNB0', transactionId: 'T-1', amount: 1, currency: 'CNY' };
    expect(verify('sandbox', sandboxCallback(keys.sandboxSecret, fields, NOW_SECONDS))).toMatchObject(paid);
    expect(verify('alipay', alipayCallback(keys, fields))).toMatchObject(paid);
    expect(verify('wechatpay', wechatpayCallback(keys, fields, { timestampSeconds: NOW_SECONDS }))).toMatchObject(paid);
  });

  it('refuses an enabled provider without its settings in a hand-built config', () => {
    const config = { ...testPaymentsConfig('http://127.0.0.1:9'), alipay: undefined };
    expect(() => providersFromConfig(config)).toThrow('Payment provider alipay is enabled without its settings');
  });
});

describe('callbacks that verify but say anything', () => {
  const providers = providersFromConfig(testPaymentsConfig('http://127.0.0.1:9'));
  const CODES = ['PAYMENT_SIGNATURE_INVALID', 'PAYMENT_NOTIFICATION_STALE', 'PAYMENT_NOTIFICATION_MALFORMED'];

  /** Either a verified notification or one of the three domain errors; never a plain Error. */
  function outcome(provider: PaymentProvider, notification: RawNotification): string {
    try {
      return provider.verifyNotification(notification, NOW).kind;
    } catch (error) {
      if (error instanceof DomainError && CODES.includes(error.code)) return error.code;
      throw error;
    }
  }

  const anyJson = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        paymentId: fc.oneof(fc.string(), fc.constant('pay_1'), fc.integer()),
        transactionId: fc.oneof(fc.string(), fc.constant(null)),
        status: fc.constantFrom('paid', 'failed', 'other', 1),
        amount: fc.oneof(fc.integer(), fc.double(), fc.string()),
        currency: fc.oneof(fc.constant('CNY'), fc.string()),
        paidAt: fc.oneof(fc.constant('2026-03-02T02:00:00Z'), fc.string(), fc.constant('2026-02-30T02:00:00Z')),
      },
      { requiredKeys: [] },
    ),
  );

  it('sandbox', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), anyJson.map((value) => JSON.stringify(value) ?? '')), (body) => {
        expect(outcome(providers.get('sandbox')!, { headers: sandboxHeaders(keys.sandboxSecret, body, NOW_SECONDS), rawBody: Buffer.from(body) })).toBeTypeOf(
          'string',
        );
      }),
    );
  });

  it('alipay', () => {
    const params = fc.dictionary(
      fc.constantFrom('out_trade_no', 'trade_no', 'trade_status', 'total_amount', 'gmt_payment', 'app_id', 'charset', 'x'),
      fc.oneof(fc.string(), fc.constant(undefined), fc.constantFrom('TRADE_SUCCESS', 'TRADE_CLOSED', '0.01', '2026-02-30 10:00:00')),
    );
    fc.assert(
      fc.property(params, (overrides) => {
        const callback = alipayCallback(keys, fields, { params: overrides });
        expect(outcome(providers.get('alipay')!, { headers: callback.headers, rawBody: Buffer.from(callback.body) })).toBeTypeOf('string');
      }),
    );
    fc.assert(
      fc.property(fc.string(), (body) => {
        expect(outcome(providers.get('alipay')!, { headers: {}, rawBody: Buffer.from(body) })).toBeTypeOf('string');
      }),
    );
  });

  it('wechatpay', () => {
    const resource = fc.record(
      {
        mchid: fc.oneof(fc.constant('1900000109'), fc.string()),
        out_trade_no: fc.oneof(fc.string(), fc.integer()),
        transaction_id: fc.oneof(fc.string(), fc.constant(null)),
        trade_state: fc.constantFrom('SUCCESS', 'CLOSED', 'PAYERROR', 'NOTPAY', 7),
        success_time: fc.oneof(fc.constant('2026-03-02T10:00:00+08:00'), fc.string()),
        amount: fc.oneof(fc.jsonValue(), fc.record({ total: fc.oneof(fc.integer(), fc.double()), currency: fc.string() })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(resource, fc.jsonValue()), fc.constantFrom('TRANSACTION.SUCCESS', 'REFUND.SUCCESS', ''), (plaintext, eventType) => {
        const callback = wechatpaySigned(keys, wechatpayEnvelope(keys, plaintext, { eventType }), { timestampSeconds: NOW_SECONDS });
        expect(outcome(providers.get('wechatpay')!, { headers: callback.headers, rawBody: Buffer.from(callback.body) })).toBeTypeOf('string');
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), anyJson.map((value) => JSON.stringify(value) ?? '')), (body) => {
        const callback = wechatpaySigned(keys, body, { timestampSeconds: NOW_SECONDS });
        expect(outcome(providers.get('wechatpay')!, { headers: callback.headers, rawBody: Buffer.from(callback.body) })).toBeTypeOf('string');
      }),
    );
  });
});
