import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { AliyunSmsConfig } from '../../src/config.js';
import { inWriteTransaction } from '../../src/db/tx.js';
import { senderFromConfig } from '../../src/modules/accounts/sender.js';
import { createRunner } from '../../src/modules/jobs/jobs.runner.js';
import { jobHandlers, notify, type NotificationPayload } from '../../src/modules/jobs/notifications.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { DEMO } from '../helpers/auth.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const warnings: { obj: object; msg: string }[] = [];
const log = { info: () => {}, warn: (obj: object, msg: string) => void warnings.push({ obj, msg }) };

async function userOf(email: string) {
  return ctx.connection.db.selectFrom('user_account').select(['id', 'phone', 'email']).where('email', '=', email).executeTakeFirstOrThrow();
}

/** Queues one notification and returns how to read its job back. */
async function queue(payload: NotificationPayload, dedupeKey: string) {
  const db = ctx.connection.db;
  await inWriteTransaction(db, (tx) => notify(tx, ctx.clock, payload, { dedupeKey }));
  return () => db.selectFrom('job').select(['status', 'attempts', 'last_error']).where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();
}

/** A real SMTP server on a free local port; mail to refused@… gets a 550. */
async function startSmtpServer() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('refused@')) {
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('email over SMTP', () => {
  it('delivers a notification to an account with only an email, in its language, and retries a refused one', async () => {
    const db = ctx.connection.db;
    const smtp = await startSmtpServer();
    try {
      const sender = senderFromConfig({ smtp: { url: smtp.url, from: 'Renault Chine <shop@renault.example.com>' } }, log, ctx.clock);
      const runner = createRunner({ db, clock: ctx.clock, handlers: jobHandlers({ db, sender }) });
      const admin = await userOf(DEMO.renaultAdmin);
      await db.updateTable('user_account').set({ phone: null, locale: 'fr' }).where('id', '=', admin.id).execute();

      const job = await queue({ userId: admin.id, template: 'lead.received', params: { dealer: 'Renault Shanghai Pudong' } }, 'smtp-ok');
      expect(await runner.drain()).toBe(1);
      expect(await job()).toEqual({ status: 'done', attempts: 1, last_error: null });
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0]!;
      expect(mail.from?.value).toEqual([{ name: 'Renault Chine', address: 'shop@renault.example.com' }]);
      expect([mail.to].flat().flatMap((to) => to?.value.map((v) => v.address))).toEqual(['admin@renault.example.com']);
      expect(mail.subject).toBe('Votre demande est bien reçue');
      expect(mail.text?.trim()).toBe('Renault Shanghai Pudong a reçu votre demande et vous rappellera rapidement.');

      // The server refuses the recipient: the job fails, keeps the server's answer, and waits for its next try.
      await db.updateTable('user_account').set({ email: 'refused@renault.example.com' }).where('id', '=', admin.id).execute();
      const refused = await queue({ userId: admin.id, template: 'account.welcome', params: { name: 'Claire' } }, 'smtp-550');
      expect(await runner.drain()).toBe(1);
      const after = await refused();
      expect(after).toMatchObject({ status: 'pending', attempts: 1 });
      expect(after.last_error).toMatch(/550/);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });
});

// The test's own reading of Aliyun's Signature Version 1.0, written apart from the product's.
function rfc3986(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
function expectedSignature(params: Map<string, string>, secret: string): string {
  const query = [...params.entries()]
    .filter(([key]) => key !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
    .join('&');
  return createHmac('sha1', `${secret}&`).update(`POST&%2F&${rfc3986(query)}`).digest('base64');
}

interface Received {
  method: string;
  contentType: string;
  params: Map<string, string>;
}

/** A stand-in for dysmsapi that records each request and answers what the test says. */
async function startSmsGateway() {
  const requests: Received[] = [];
  let answer: object = { Code: 'OK', Message: 'OK', RequestId: 'req-1', BizId: 'biz-1' };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', contentType: req.headers['content-type'] ?? '', params: new Map(new URLSearchParams(body)) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    requests,
    answer: (next: object) => void (answer = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('SMS through Aliyun', () => {
  const config = (endpoint: string): AliyunSmsConfig => ({
    accessKeyId: 'LTAI5tTestKeyId',
    accessKeySecret: 'test secret*~',
    signName: '雷诺汽车',
    templates: { 'auth.code': 'SMS_460000001', 'testDrive.confirmed': 'SMS_460000002' },
    endpoint,
  });

  it('sends a notification as a signed SendSms of its registered template, and retries when Aliyun refuses', async () => {
    const db = ctx.connection.db;
    const gateway = await startSmsGateway();
    try {
      const sender = senderFromConfig({ aliyunSms: config(gateway.endpoint) }, log, ctx.clock);
      const runner = createRunner({ db, clock: ctx.clock, handlers: jobHandlers({ db, sender }) });
      const buyer = await userOf(DEMO.buyer);
      expect(buyer.phone).toBe('+8613800138000');
      const params = { dealer: '上海浦东雷诺', model: '科雷傲', time: '3月3日 周二 10:30' };
      const job = await queue({ userId: buyer.id, template: 'testDrive.confirmed', params }, 'sms-ok');
      expect(await runner.drain()).toBe(1);
      expect(await job()).toEqual({ status: 'done', attempts: 1, last_error: null });

      expect(gateway.requests).toHaveLength(1);
      const request = gateway.requests[0]!;
      expect(request.method).toBe('POST');
      expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      const sent = Object.fromEntries(request.params);
      expect(sent).toEqual({
        AccessKeyId: 'LTAI5tTestKeyId',
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: '13800138000',
        RegionId: 'cn-hangzhou',
        SignName: '雷诺汽车',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: expect.stringMatching(/^[0-9a-f-]{36}$/),
        SignatureVersion: '1.0',
        TemplateCode: 'SMS_460000002',
        TemplateParam: expect.any(String),
        Timestamp: '2026-03-02T02:00:00Z',
        Version: '2017-05-25',
        Signature: expect.any(String),
      });
      expect(JSON.parse(sent.TemplateParam!)).toEqual(params);
      expect(sent.Signature).toBe(expectedSignature(request.params, 'test secret*~'));

      gateway.answer({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发小时级流控Permits:5', RequestId: 'req-2' });
      const limited = await queue({ userId: buyer.id, template: 'testDrive.confirmed', params }, 'sms-refused');
      expect(await runner.drain()).toBe(1);
      const after = await limited();
      expect(after).toMatchObject({ status: 'pending', attempts: 1 });
      expect(after.last_error).toContain('isv.BUSINESS_LIMIT_CONTROL');
      expect(gateway.requests).toHaveLength(2);
      expect(warnings.at(-1)).toEqual({
        msg: 'message not sent',
        obj: expect.objectContaining({ channel: 'sms', to: '+86138****8000', template: 'testDrive.confirmed', err: expect.any(Error) }),
      });
    } finally {
      await gateway.close();
    }
  });

  it('sends a sign-in code as the auth.code template', async () => {
    const gateway = await startSmsGateway();
    const app = await buildApp({
      db: ctx.connection.db,
      dialect: ctx.connection.dialect,
      clock: ctx.clock,
      messaging: { aliyunSms: config(gateway.endpoint) },
    });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination: '139 0013 9000' } });
      expect(res.statusCode).toBe(202);
      expect(gateway.requests).toHaveLength(1);
      const request = gateway.requests[0]!;
      expect(request.params.get('PhoneNumbers')).toBe('13900139000');
      expect(request.params.get('TemplateCode')).toBe('SMS_460000001');
      expect(JSON.parse(request.params.get('TemplateParam')!)).toEqual({ code: expect.stringMatching(/^\d{6}$/) });
      expect(request.params.get('Signature')).toBe(expectedSignature(request.params, 'test secret*~'));

      // A gateway that refuses is a 503 the buyer can retry, not a server fault.
      gateway.answer({ Code: 'isv.AMOUNT_NOT_ENOUGH', Message: '账户余额不足' });
      const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { destination: '13900139001' } });
      expect([refused.statusCode, refused.json().code, refused.headers['retry-after']]).toEqual([503, 'AUTH_CODE_NOT_SENT', '60']);
      expect(gateway.requests).toHaveLength(2);
    } finally {
      await app.close();
      await gateway.close();
    }
  });
});
