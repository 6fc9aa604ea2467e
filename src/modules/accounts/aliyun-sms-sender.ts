import { createHmac, randomUUID } from 'node:crypto';
import type { AliyunSmsConfig } from '../../config.js';
import type { Clock } from '../../shared/clock.js';
import type { MessageSender, OutgoingMessage } from './sender.js';

/**
 * Aliyun's percent-encoding for RPC signatures: RFC 3986 unreserved characters (A-Z a-z 0-9
 * - _ . ~) stay, every other UTF-8 byte becomes %XY in upper case; so a space is %20, never +.
 */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Signature Version 1.0: HMAC-SHA1, keyed by the secret and "&", over
 * METHOD&%2F&encode(the parameters sorted by name, each encoded, joined by & and =), in base64.
 */
export function aliyunRpcSignature(params: Record<string, string>, secret: string, method: 'GET' | 'POST' = 'POST'): string {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${aliyunPercentEncode(key)}=${aliyunPercentEncode(params[key]!)}`)
    .join('&');
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Aliyun takes mainland numbers as their 11 digits, others as country code and number without "+". */
export function aliyunPhoneNumber(to: string): string {
  const digits = to.replace(/[\s-]/g, '');
  if (/^\+861\d{10}$/.test(digits)) return digits.slice(3);
  if (/^\+\d{6,15}$/.test(digits)) return digits.slice(1);
  if (/^1\d{10}$/.test(digits)) return digits;
  throw new Error(`Not a phone number Aliyun SMS can send to: ${to}`);
}

/** Second precision, as the API requires: 2026-03-02T02:00:00Z. */
function aliyunTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The signed form of a SendSms call. */
export function sendSmsRequest(config: AliyunSmsConfig, message: OutgoingMessage, at: { now: Date; nonce: string }): URLSearchParams {
  if (!message.template) throw new Error('Aliyun SMS sends registered templates only, and this message has none');
  const templateCode = config.templates[message.template.name];
  if (!templateCode) throw new Error(`No Aliyun TemplateCode for template "${message.template.name}" in ALIYUN_SMS_TEMPLATES`);
  const params: Record<string, string> = {
    AccessKeyId: config.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: aliyunPhoneNumber(message.to),
    RegionId: 'cn-hangzhou',
    SignName: config.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: at.nonce,
    SignatureVersion: '1.0',
    TemplateCode: templateCode,
    TemplateParam: JSON.stringify(message.template.params),
    Timestamp: aliyunTimestamp(at.now),
    Version: '2017-05-25',
  };
  return new URLSearchParams({ ...params, Signature: aliyunRpcSignature(params, config.accessKeySecret) });
}

/** Encodes a form body with Aliyun's encoding, which any form parser reads back. */
function formBody(form: URLSearchParams): string {
  return [...form].map(([key, value]) => `${aliyunPercentEncode(key)}=${aliyunPercentEncode(value)}`).join('&');
}

/**
 * SMS through Aliyun's SendSms (dysmsapi 2017-05-25). Any answer but Code "OK" rejects, so the
 * job is tried again; the request has a deadline well inside a job's lease.
 */
export function aliyunSmsSender(config: AliyunSmsConfig, deps: { clock: Clock; nonce?: () => string }): MessageSender {
  const nonce = deps.nonce ?? randomUUID;
  return {
    async send(message) {
      const form = sendSmsRequest(config, message, { now: deps.clock.now(), nonce: nonce() });
      const response = await fetch(config.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body: formBody(form),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      let answer: { Code?: unknown; Message?: unknown } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        // Not JSON: reported below with the status.
      }
      if (answer.Code !== 'OK') {
        const detail = typeof answer.Code === 'string' ? `${answer.Code}: ${String(answer.Message ?? '')}` : `HTTP ${response.status}`;
        throw new Error(`Aliyun SMS refused the message (${detail})`);
      }
    },
  };
}
