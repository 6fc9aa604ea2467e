/*
 * One interface over every way a buyer can pay. A provider knows its own wire format and
 * signatures and nothing of orders: it turns a payment we want into something the buyer can
 * act on (a page to open, a QR code), turns a provider's callback into a verified fact, and
 * asks the provider for refunds. The payments module decides what the facts mean.
 */

export type ProviderName = 'sandbox' | 'alipay' | 'wechatpay';

/** What we ask a buyer to pay: one row of `payment`. Amounts are integer fen. */
export interface PaymentRequest {
  /** Our payment id: Alipay's out_trade_no, WeChat Pay's out_trade_no. At most 64 characters. */
  paymentId: string;
  amount: number;
  currency: string;
  /** Shown to the buyer by the provider, e.g. "Koleos deposit, order R-8K2M". */
  subject: string;
  /** Absolute base of this server, e.g. https://shop.example.com, for return and notify URLs. */
  publicBaseUrl: string;
  /** The provider must not accept payment after this instant (the order's hold). */
  expiresAt: Date;
}

/** How the buyer pays: open a URL (phone), or scan a code (desktop). */
export interface Checkout {
  /** A page to send the buyer to; absent when only a QR code is offered. */
  url: string | null;
  /** Content to render as a QR code for paying from a phone; absent when not offered. */
  qrContent: string | null;
}

/** The raw callback exactly as received. The body is the unparsed bytes: signatures cover them. */
export interface RawNotification {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

/** A verified callback, reduced to what the payments module acts on. */
export type VerifiedNotification =
  | {
      kind: 'paid';
      /** Our payment id, as we sent it. */
      paymentId: string;
      /** The provider's own transaction id: deduplicates callbacks. */
      transactionId: string;
      amount: number;
      currency: string;
      paidAt: Date;
    }
  | { kind: 'failed'; paymentId: string; transactionId: string | null }
  /** Signed and well-formed, but nothing for us to do (e.g. Alipay WAIT_BUYER_PAY). */
  | { kind: 'ignored'; paymentId: string | null; reason: string };

/** The answer the provider expects once we have durably handled a callback. */
export interface Acknowledgement {
  status: number;
  contentType: string | null;
  body: string;
}

export interface RefundRequest {
  paymentId: string;
  transactionId: string;
  /** Unique per refund and stable across retries: Alipay's out_request_no, WeChat Pay's out_refund_no. */
  refundId: string;
  amount: number;
  /** The whole captured amount of the payment (WeChat Pay needs it). */
  paymentAmount: number;
  currency: string;
  reason: string;
}

export type RefundOutcome =
  /** The provider accepted (or had already accepted) this refundId. */
  | { kind: 'refunded'; providerRefundId: string | null }
  /** Try again later: network trouble or the provider asked to retry. */
  | { kind: 'retry'; reason: string }
  /** The provider refused for good; a person must look. */
  | { kind: 'refused'; reason: string };

export interface PaymentProvider {
  readonly name: ProviderName;
  checkout(request: PaymentRequest): Promise<Checkout>;
  /**
   * Verifies a callback's signature (and freshness, where the provider dates it) and parses it.
   * Throws a DomainError (PAYMENT_SIGNATURE_INVALID, PAYMENT_NOTIFICATION_STALE or
   * PAYMENT_NOTIFICATION_MALFORMED) on anything that does not verify; never a plain Error.
   */
  verifyNotification(notification: RawNotification, now: Date): VerifiedNotification;
  /** The body that tells the provider to stop retrying. */
  acknowledge(): Acknowledgement;
  refund(request: RefundRequest): Promise<RefundOutcome>;
}
