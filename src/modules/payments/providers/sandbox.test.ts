import { describe, expect, it } from 'vitest';
import { sandboxCallback, sandboxHeaders } from '../../../../test/helpers/payment-signers.js';
import { DomainError } from '../../../shared/errors.js';
import type { RawNotification } from './provider.js';
import { sandboxProvider, signSandboxCallback } from './sandbox.js';

const SECRET = 'sandbox-secret-for-these-tests-0123456789';
const NOW = new Date('2026-03-02T02:00:00.000Z');
const NOW_SECONDS = 1772416800;
const provider = sandboxProvider({ secret: SECRET });

const fields = {
  paymentId: 'pay_01JNB0',
  transactionId: 'sbx_7Q2M',
  amount: 500000,
  currency: 'CNY',
  status: 'paid' as const,
  paidAt: new Date('2026-03-02T01:59:30.000Z'),
};

function raw(callback: { headers: Record<string, string>; body: string }): RawNotification {
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

describe('sandbox provider', () => {
  it('sends the buyer to the hosted pay page', async () => {
    const checkout = await provider.checkout({
      paymentId: 'pay_01JNB0',
      amount: 500000,
      currency: 'CNY',
      subject: 'Koleos deposit',
      publicBaseUrl: 'https://shop.example.com',
      expiresAt: NOW,
    });
    expect(checkout).toEqual({ url: 'https://shop.example.com/pay/pay_01JNB0', qrContent: 'https://shop.example.com/pay/pay_01JNB0' });
  });

  it('signs as HMAC-SHA256 over timestamp.body, in hex', () => {
    // Worked out independently: printf '1772416800.{}' | openssl dgst -sha256 -hmac 'key-of-32-characters-0123456789ab'
    expect(signSandboxCallback('key-of-32-characters-0123456789ab', '{}', NOW_SECONDS)).toBe(
      'b789e55ac2766a4f5074717850630bb68a8cb8a286d1861e7a8f80620a3d72d0',
    );
  });

  it('verifies a paid callback to its fields', () => {
    const notification = provider.verifyNotification(raw(sandboxCallback(SECRET, fields, NOW_SECONDS - 30)), NOW);
    expect(notification).toEqual({
      kind: 'paid',
      paymentId: 'pay_01JNB0',
      transactionId: 'sbx_7Q2M',
      amount: 500000,
      currency: 'CNY',
      paidAt: new Date('2026-03-02T01:59:30.000Z'),
    });
  });

  it('verifies a failed callback', () => {
    const notification = provider.verifyNotification(raw(sandboxCallback(SECRET, { ...fields, status: 'failed' }, NOW_SECONDS)), NOW);
    expect(notification).toEqual({ kind: 'failed', paymentId: 'pay_01JNB0', transactionId: 'sbx_7Q2M' });
  });

  it('refuses a callback signed with another secret, a tampered body, or no signature', () => {
    const forged = sandboxCallback('another-secret-of-enough-length-0123456789', fields, NOW_SECONDS);
    expect(codeOf(() => provider.verifyNotification(raw(forged), NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
    const genuine = sandboxCallback(SECRET, fields, NOW_SECONDS);
    const tampered = { ...genuine, body: genuine.body.replace('500000', '1') };
    expect(tampered.body).not.toBe(genuine.body);
    expect(codeOf(() => provider.verifyNotification(raw(tampered), NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
    const moved = { ...genuine, headers: { ...genuine.headers, 'x-sandbox-timestamp': String(NOW_SECONDS - 1) } };
    expect(codeOf(() => provider.verifyNotification(raw(moved), NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
    expect(codeOf(() => provider.verifyNotification({ headers: {}, rawBody: Buffer.from(genuine.body) }, NOW))).toBe('PAYMENT_SIGNATURE_INVALID');
  });

  it('refuses a callback dated more than 5 minutes from now, either way', () => {
    expect(provider.verifyNotification(raw(sandboxCallback(SECRET, fields, NOW_SECONDS - 300)), NOW).kind).toBe('paid');
    expect(provider.verifyNotification(raw(sandboxCallback(SECRET, fields, NOW_SECONDS + 300)), NOW).kind).toBe('paid');
    expect(codeOf(() => provider.verifyNotification(raw(sandboxCallback(SECRET, fields, NOW_SECONDS - 301)), NOW))).toBe('PAYMENT_NOTIFICATION_STALE');
    expect(codeOf(() => provider.verifyNotification(raw(sandboxCallback(SECRET, fields, NOW_SECONDS + 301)), NOW))).toBe('PAYMENT_NOTIFICATION_STALE');
  });

  it('answers MALFORMED, never a plain error, to a signed body it cannot read', () => {
    const bodies = [
      'paymentId=pay_01JNB0',
      '[]',
      'null',
      '{"paymentId":"pay_01JNB0","status":"paid","amount":500000,"currency":"CNY","paidAt":"2026-03-02T01:59:30Z"}',
      '{"paymentId":"pay_01JNB0","transactionId":"t","status":"refunded","amount":1,"currency":"CNY","paidAt":"2026-03-02T01:59:30Z"}',
      '{"paymentId":"pay_01JNB0","transactionId":"t","status":"paid","amount":1.5,"currency":"CNY","paidAt":"2026-03-02T01:59:30Z"}',
      '{"paymentId":"pay_01JNB0","transactionId":"t","status":"paid","amount":"5000.00","currency":"CNY","paidAt":"2026-03-02T01:59:30Z"}',
      '{"paymentId":"pay_01JNB0","transactionId":"t","status":"paid","amount":1,"currency":"yuan","paidAt":"2026-03-02T01:59:30Z"}',
      '{"paymentId":"pay_01JNB0","transactionId":"t","status":"paid","amount":1,"currency":"CNY","paidAt":"yesterday"}',
      '{"paymentId":"pay_01JNB0","transactionId":"t","status":"paid","amount":1,"currency":"CNY","paidAt":"2026-02-30T01:59:30Z"}',
    ];
    for (const body of bodies) {
      const notification = { headers: sandboxHeaders(SECRET, body, NOW_SECONDS), rawBody: Buffer.from(body) };
      expect(codeOf(() => provider.verifyNotification(notification, NOW)), body).toBe('PAYMENT_NOTIFICATION_MALFORMED');
    }
  });

  it('acknowledges with an empty 204 and refunds at once', async () => {
    expect(provider.acknowledge()).toEqual({ status: 204, contentType: null, body: '' });
    const outcome = await provider.refund({
      paymentId: 'pay_01JNB0',
      transactionId: 'sbx_7Q2M',
      refundId: 'rfd_01',
      amount: 500000,
      paymentAmount: 500000,
      currency: 'CNY',
      reason: 'cancelled by the buyer',
    });
    expect(outcome).toEqual({ kind: 'refunded', providerRefundId: 'sandbox-rfd_01' });
  });
});
