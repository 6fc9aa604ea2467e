/*
 * Which way to pay, and what the buyer's screen does once a payment is started. Pure (the
 * screen and our pay page's address are passed in), so every provider and screen is tested
 * without a browser.
 */

export type PaymentProviderName = 'sandbox' | 'alipay' | 'wechatpay';

/** A started payment as far as choosing the next step goes. */
export interface StartedPayment {
  id: string;
  provider: PaymentProviderName;
  checkout: { url: string | null; qrContent: string | null };
}

export type PaymentStep =
  /** Our own (sandbox) pay page, in this tab. */
  | { kind: 'pay-page' }
  /** The provider's own page: the buyer leaves the site for it. */
  | { kind: 'provider-page'; url: string }
  /**
   * A QR code to scan, with a phone (any camera) or with WeChat, while this screen waits.
   * `payHere` is how to pay on this screen instead, when there is one.
   */
  | { kind: 'scan'; text: string; scanner: 'phone' | 'wechat'; payHere: { pay: 'pay-page' } | { pay: 'provider-page'; url: string } | null }
  /** The provider answered with nothing this screen can use. */
  | { kind: 'unusable' };

/** The choice is the buyer's only when the deployment offers more than one way to pay. */
export function offersChoice(offered: readonly PaymentProviderName[]): boolean {
  return offered.length > 1;
}

/** The buyer's pick while it is still offered; otherwise the deployment's first. */
export function chosenProvider(offered: readonly PaymentProviderName[], picked: PaymentProviderName | null): PaymentProviderName | null {
  if (picked !== null && offered.includes(picked)) return picked;
  return offered[0] ?? null;
}

/** Paying this order now through this provider: another provider is another intent, so another Idempotency-Key. */
export function paymentIntent(order: string, purpose: string, provider: PaymentProviderName): string {
  return `${order}:${purpose}:${provider}`;
}

/** Only an https address is followed out of the site: anything else (javascript:, http:) is never opened. */
export function isHttpsUrl(value: string | null): value is string {
  if (value === null) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * What the screen does with a payment just started. A phone goes to the provider's page; a
 * desktop shows it as a QR code for a phone and waits. WeChat Pay has no page a browser outside
 * WeChat can open: every screen shows its code to scan with WeChat.
 */
export function paymentStep(payment: StartedPayment, screen: { desktop: boolean; payPageUrl: string }): PaymentStep {
  switch (payment.provider) {
    case 'sandbox':
      return screen.desktop ? { kind: 'scan', text: screen.payPageUrl, scanner: 'phone', payHere: { pay: 'pay-page' } } : { kind: 'pay-page' };
    case 'alipay': {
      const url = payment.checkout.url;
      if (!isHttpsUrl(url)) return { kind: 'unusable' };
      return screen.desktop ? { kind: 'scan', text: url, scanner: 'phone', payHere: { pay: 'provider-page', url } } : { kind: 'provider-page', url };
    }
    case 'wechatpay':
      return payment.checkout.qrContent ? { kind: 'scan', text: payment.checkout.qrContent, scanner: 'wechat', payHere: null } : { kind: 'unusable' };
    default:
      return { kind: 'unusable' };
  }
}
