import { createSign, createVerify, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testPaymentKeys, type TestPaymentKeys } from './payment-keys.js';

/*
 * Alipay's gateway and WeChat Pay's API v3 on 127.0.0.1, as far as our providers use them.
 * Each checks our request signature like the real one, refunds an id at most once (a retry
 * gets the first answer again), signs its answers with the provider's key, and can be told to
 * fail the next calls.
 */

export type GatewayFailure =
  /** HTTP 500 before doing anything. */
  | 'http-500'
  /** The connection is dropped before doing anything. */
  | 'connection-reset'
  /** The refund is made, then the connection is dropped: the caller never hears of it. */
  | 'lost-answer'
  /** A final business refusal (Alipay ACQ.TRADE_NOT_ALLOW_REFUND, WeChat Pay 403 NOT_ENOUGH). */
  | 'business-refusal'
  /** The provider's "try again" (Alipay ACQ.SYSTEM_ERROR, WeChat Pay 500 SYSTEM_ERROR). */
  | 'system-error';

export interface GatewayCall {
  provider: 'alipay' | 'wechatpay';
  operation: string;
  /** Alipay's biz_content, or WeChat Pay's JSON body. */
  params: Record<string, unknown>;
}

export interface FakePaymentGateways {
  /** http://127.0.0.1:<port>: WECHATPAY_BASE_URL. */
  url: string;
  /** `${url}/gateway.do`: ALIPAY_GATEWAY. */
  alipayGateway: string;
  /** Refunds actually made under this out_request_no / out_refund_no: 0 or 1. */
  refundCount(refundId: string): number;
  /** Distinct refunds made against a provider transaction (trade_no / transaction_id). */
  refundsOfTransaction(transactionId: string): number;
  /** Every call whose signature verified, oldest first. */
  calls: GatewayCall[];
  /** Requests refused because our signature did not verify. */
  rejectedSignatures: number;
  /** The next `count` calls (of either provider) fail this way. */
  failNext(count: number, how?: GatewayFailure): void;
  close(): Promise<void>;
}

interface StoredRefund {
  transactionId: string;
  answer: Record<string, unknown>;
}

export async function startFakePaymentGateways(
  options: { keys?: TestPaymentKeys; now?: () => Date } = {},
): Promise<FakePaymentGateways> {
  const keys = options.keys ?? testPaymentKeys();
  const now = options.now ?? (() => new Date());
  const refunds = new Map<string, StoredRefund>();
  const failures: GatewayFailure[] = [];
  const calls: GatewayCall[] = [];
  let rejectedSignatures = 0;
  let refundSequence = 0;

  function makeRefund(
    refundId: string,
    transactionId: string,
    answer: () => Record<string, unknown>,
  ): { first: boolean; answer: Record<string, unknown> } {
    const existing = refunds.get(refundId);
    if (existing) return { first: false, answer: existing.answer };
    const stored = { transactionId, answer: answer() };
    refunds.set(refundId, stored);
    return { first: true, answer: stored.answer };
  }

  function alipayAnswer(response: http.ServerResponse, node: Record<string, unknown>): void {
    const nodeText = JSON.stringify(node);
    const sign = createSign('sha256WithRSAEncryption').update(nodeText, 'utf8').sign(keys.alipay.alipay.privateKey, 'base64');
    response.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
    response.end(`{"alipay_trade_refund_response":${nodeText},"sign":"${sign}"}`);
  }

  function handleAlipay(body: string, response: http.ServerResponse, failure: GatewayFailure | undefined): void {
    const form = new URLSearchParams(body);
    const params = Object.fromEntries(form);
    const content = Object.keys(params)
      .filter((name) => name !== 'sign' && params[name] !== '')
      .sort()
      .map((name) => `${name}=${params[name]}`)
      .join('&');
    const signed =
      params.sign_type === 'RSA2' &&
      createVerify('sha256WithRSAEncryption').update(content, 'utf8').verify(keys.alipay.app.publicKey, params.sign ?? '', 'base64');
    if (!signed || params.app_id !== keys.alipay.appId) {
      rejectedSignatures += 1;
      return alipayAnswer(response, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错' });
    }
    if (params.method !== 'alipay.trade.refund') {
      return alipayAnswer(response, { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method', sub_msg: 'unknown method' });
    }
    const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    calls.push({ provider: 'alipay', operation: 'alipay.trade.refund', params: biz });
    if (failure === 'business-refusal') {
      return alipayAnswer(response, { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_ALLOW_REFUND', sub_msg: '交易不允许退款' });
    }
    if (failure === 'system-error') {
      return alipayAnswer(response, { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.SYSTEM_ERROR', sub_msg: '系统错误' });
    }
    const { first, answer } = makeRefund(String(biz.out_request_no), String(biz.trade_no), () => ({
      code: '10000',
      msg: 'Success',
      buyer_logon_id: 'bu***@example.com',
      out_trade_no: biz.out_trade_no,
      refund_fee: biz.refund_amount,
      trade_no: biz.trade_no,
      send_back_fee: biz.refund_amount,
      fund_change: 'Y',
    }));
    if (failure === 'lost-answer') return void response.socket?.destroy();
    alipayAnswer(response, first ? answer : { ...answer, fund_change: 'N' });
  }

  function wechatAnswer(response: http.ServerResponse, status: number, payload: Record<string, unknown>): void {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(now().getTime() / 1000);
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('sha256WithRSAEncryption')
      .update(`${timestamp}\n${nonce}\n${body}\n`, 'utf8')
      .sign(keys.wechatpay.platform.privateKey, 'base64');
    response.writeHead(status, {
      'content-type': 'application/json',
      'wechatpay-timestamp': String(timestamp),
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': keys.wechatpay.platformSerial,
    });
    response.end(body);
  }

  /** WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…" over METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n. */
  function wechatSigned(request: http.IncomingMessage, body: string): boolean {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('WECHATPAY2-SHA256-RSA2048 ')) return false;
    const fields = Object.fromEntries([...header.slice(26).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (fields.mchid !== keys.wechatpay.mchId || fields.serial_no !== keys.wechatpay.merchantSerial) return false;
    const message = `${request.method}\n${request.url}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    return createVerify('sha256WithRSAEncryption').update(message, 'utf8').verify(keys.wechatpay.merchant.publicKey, fields.signature ?? '', 'base64');
  }

  function handleWechat(request: http.IncomingMessage, body: string, response: http.ServerResponse, failure: GatewayFailure | undefined): void {
    if (!wechatSigned(request, body)) {
      rejectedSignatures += 1;
      return wechatAnswer(response, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    const params = JSON.parse(body) as Record<string, any>;
    if (failure === 'system-error') return wechatAnswer(response, 500, { code: 'SYSTEM_ERROR', message: '系统错误' });
    if (request.url === '/v3/pay/transactions/native') {
      calls.push({ provider: 'wechatpay', operation: 'native', params });
      if (failure === 'business-refusal') return wechatAnswer(response, 400, { code: 'PARAM_ERROR', message: '参数错误' });
      return wechatAnswer(response, 200, { code_url: `weixin://wxpay/bizpayurl?pr=${params.out_trade_no}` });
    }
    if (request.url === '/v3/refund/domestic/refunds') {
      calls.push({ provider: 'wechatpay', operation: 'refund', params });
      if (failure === 'business-refusal') return wechatAnswer(response, 403, { code: 'NOT_ENOUGH', message: '基本账户余额不足' });
      const { answer } = makeRefund(String(params.out_refund_no), String(params.transaction_id), () => {
        refundSequence += 1;
        return {
          refund_id: `50000000382019052709732678${String(refundSequence).padStart(3, '0')}`,
          out_refund_no: params.out_refund_no,
          transaction_id: params.transaction_id,
          out_trade_no: 'unknown-to-the-fake',
          channel: 'ORIGINAL',
          user_received_account: '支付用户零钱',
          create_time: '2026-03-02T10:00:00+08:00',
          status: 'PROCESSING',
          funds_account: 'AVAILABLE',
          amount: { total: params.amount?.total, refund: params.amount?.refund, currency: params.amount?.currency },
        };
      });
      if (failure === 'lost-answer') return void response.socket?.destroy();
      return wechatAnswer(response, 200, answer);
    }
    wechatAnswer(response, 404, { code: 'NOT_FOUND', message: request.url ?? '' });
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const failure = failures.shift();
      if (failure === 'connection-reset') return void request.socket.destroy();
      if (failure === 'http-500') {
        response.writeHead(500, { 'content-type': 'text/plain' });
        return void response.end('Internal Server Error');
      }
      try {
        if (request.method === 'POST' && request.url === '/gateway.do') handleAlipay(body, response, failure);
        else if (request.method === 'POST' && request.url?.startsWith('/v3/')) handleWechat(request, body, response, failure);
        else {
          response.writeHead(404);
          response.end();
        }
      } catch (error) {
        response.writeHead(400, { 'content-type': 'text/plain' });
        response.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    alipayGateway: `${url}/gateway.do`,
    refundCount: (refundId) => (refunds.has(refundId) ? 1 : 0),
    refundsOfTransaction: (transactionId) => [...refunds.values()].filter((refund) => refund.transactionId === transactionId).length,
    calls,
    get rejectedSignatures() {
      return rejectedSignatures;
    },
    failNext(count, how = 'http-500') {
      for (let i = 0; i < count; i += 1) failures.push(how);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
