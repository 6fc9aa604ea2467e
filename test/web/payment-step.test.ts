import { describe, expect, it } from 'vitest';
import { chosenProvider, isHttpsUrl, offersChoice, paymentIntent, paymentStep, type StartedPayment } from '../../web/src/features/orders/payment-step.js';

const PAY_PAGE = 'https://vitrine.example/pay/0190f3c4-8b1e-7a00-9c3d-2b6f1e0a5d11';
const PHONE = { desktop: false, payPageUrl: PAY_PAGE };
const DESKTOP = { desktop: true, payPageUrl: PAY_PAGE };
const ALIPAY_PAGE = 'https://openapi.alipay.com/gateway.do?charset=utf-8&method=alipay.trade.wap.pay&sign=abc';

function started(provider: StartedPayment['provider'], checkout: StartedPayment['checkout']): StartedPayment {
  return { id: '0190f3c4-8b1e-7a00-9c3d-2b6f1e0a5d11', provider, checkout };
}

describe('the choice of a way to pay', () => {
  it('is offered only when the deployment has more than one', () => {
    expect(offersChoice([])).toBe(false);
    expect(offersChoice(['sandbox'])).toBe(false);
    expect(offersChoice(['wechatpay'])).toBe(false);
    expect(offersChoice(['alipay', 'wechatpay'])).toBe(true);
    expect(offersChoice(['wechatpay', 'alipay', 'sandbox'])).toBe(true);
  });

  it("defaults to the deployment's first, keeps the buyer's pick while it is offered, and is nothing when nothing is offered", () => {
    expect(chosenProvider(['wechatpay', 'alipay'], null)).toBe('wechatpay');
    expect(chosenProvider(['alipay'], null)).toBe('alipay');
    expect(chosenProvider(['wechatpay', 'alipay'], 'alipay')).toBe('alipay');
    expect(chosenProvider(['wechatpay', 'alipay'], 'sandbox')).toBe('wechatpay');
    expect(chosenProvider([], null)).toBeNull();
    expect(chosenProvider([], 'alipay')).toBeNull();
  });

  it('makes another provider another intent, and the same one the same intent', () => {
    expect(paymentIntent('order-1', 'deposit', 'alipay')).toBe(paymentIntent('order-1', 'deposit', 'alipay'));
    expect(paymentIntent('order-1', 'deposit', 'alipay')).not.toBe(paymentIntent('order-1', 'deposit', 'wechatpay'));
    expect(paymentIntent('order-1', 'deposit', 'alipay')).not.toBe(paymentIntent('order-1', 'balance', 'alipay'));
    expect(paymentIntent('order-1', 'deposit', 'alipay')).not.toBe(paymentIntent('order-2', 'deposit', 'alipay'));
  });
});

describe('the step after a payment is started', () => {
  const sandbox = started('sandbox', { url: PAY_PAGE, qrContent: PAY_PAGE });
  const alipay = started('alipay', { url: ALIPAY_PAGE, qrContent: ALIPAY_PAGE });
  const wechatpay = started('wechatpay', { url: null, qrContent: 'weixin://wxpay/bizpayurl?pr=AbCdEf1' });

  it('sends a phone to our own sandbox page, and shows a desktop its QR code with a way to pay here', () => {
    expect(paymentStep(sandbox, PHONE)).toEqual({ kind: 'pay-page' });
    expect(paymentStep(sandbox, DESKTOP)).toEqual({ kind: 'scan', text: PAY_PAGE, scanner: 'phone', payHere: { pay: 'pay-page' } });
  });

  it("sends a phone to Alipay's page, and shows a desktop that page's QR code with a link to it", () => {
    expect(paymentStep(alipay, PHONE)).toEqual({ kind: 'provider-page', url: ALIPAY_PAGE });
    expect(paymentStep(alipay, DESKTOP)).toEqual({ kind: 'scan', text: ALIPAY_PAGE, scanner: 'phone', payHere: { pay: 'provider-page', url: ALIPAY_PAGE } });
  });

  it('never follows an Alipay address that is not https', () => {
    for (const url of ['http://openapi.alipay.com/gateway.do', 'javascript:alert(1)', '//openapi.alipay.com/gateway.do', 'not a url', null]) {
      const odd = started('alipay', { url, qrContent: url });
      expect(paymentStep(odd, PHONE)).toEqual({ kind: 'unusable' });
      expect(paymentStep(odd, DESKTOP)).toEqual({ kind: 'unusable' });
    }
  });

  it('shows the WeChat Pay code to scan with WeChat on every screen, with no page to open', () => {
    const expected = { kind: 'scan', text: 'weixin://wxpay/bizpayurl?pr=AbCdEf1', scanner: 'wechat', payHere: null };
    expect(paymentStep(wechatpay, PHONE)).toEqual(expected);
    expect(paymentStep(wechatpay, DESKTOP)).toEqual(expected);
    expect(paymentStep(started('wechatpay', { url: null, qrContent: null }), PHONE)).toEqual({ kind: 'unusable' });
  });

  it('reads https addresses only as https', () => {
    expect(isHttpsUrl(ALIPAY_PAGE)).toBe(true);
    expect(isHttpsUrl('HTTPS://openapi.alipay.com/')).toBe(true);
    expect(isHttpsUrl('http://openapi.alipay.com/')).toBe(false);
    expect(isHttpsUrl('weixin://wxpay/bizpayurl?pr=AbCdEf1')).toBe(false);
    expect(isHttpsUrl('')).toBe(false);
    expect(isHttpsUrl(null)).toBe(false);
  });
});
