import { describe, expect, it } from 'vitest';
import { aliyunPercentEncode, aliyunPhoneNumber, aliyunRpcSignature, sendSmsRequest } from './aliyun-sms-sender.js';

describe('Aliyun RPC signature', () => {
  it('matches the worked example of Aliyun’s SMS documentation', () => {
    // The published SendSms example (GET, Format XML), signed with AccessKeySecret "testSecret".
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(aliyunRpcSignature(params, 'testSecret', 'GET')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('encodes a space as %20 and * as %2A, and leaves ~ alone', () => {
    expect(aliyunPercentEncode("a b*c~d!'()/é")).toBe('a%20b%2Ac~d%21%27%28%29%2F%C3%A9');
  });

  it('sends mainland numbers as 11 digits and others with their country code', () => {
    expect(aliyunPhoneNumber('+8613800138000')).toBe('13800138000');
    expect(aliyunPhoneNumber('+85291234567')).toBe('85291234567');
    expect(() => aliyunPhoneNumber('buyer@example.com')).toThrow(/phone number/);
  });

  it('refuses a message without a registered template', () => {
    const config = { accessKeyId: 'id', accessKeySecret: 's', signName: 'n', templates: { 'auth.code': 'SMS_1' }, endpoint: 'http://x/' };
    const at = { now: new Date('2026-03-02T02:00:00.123Z'), nonce: 'n-1' };
    expect(() => sendSmsRequest(config, { channel: 'sms', to: '+8613800138000', text: 'hi' }, at)).toThrow(/templates only/);
    expect(() =>
      sendSmsRequest(config, { channel: 'sms', to: '+8613800138000', text: 'hi', template: { name: 'lead.received', params: {} } }, at),
    ).toThrow(/lead\.received/);
    const form = sendSmsRequest(config, { channel: 'sms', to: '+8613800138000', text: 'x', template: { name: 'auth.code', params: { code: '1' } } }, at);
    expect(form.get('Timestamp')).toBe('2026-03-02T02:00:00Z');
  });
});
