import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { PaymentsConfig } from '../../src/config.js';

/*
 * Every key the payment tests need, made here: no test reaches a real provider. RSA key
 * generation is slow, so the keys are made once per process.
 */

export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 PEM, as a merchant platform hands it out. */
  privatePem: string;
  /** SPKI PEM. */
  publicPem: string;
}

export interface TestPaymentKeys {
  sandboxSecret: string;
  alipay: {
    appId: string;
    /** Our application's key pair: we sign with it, the fake gateway verifies. */
    app: RsaKeyPair;
    /** Alipay's key pair: Alipay signs notifications and answers with it, we verify. */
    alipay: RsaKeyPair;
  };
  wechatpay: {
    mchId: string;
    appId: string;
    /** 32 ASCII characters. */
    apiV3Key: string;
    /** Our merchant key pair and its certificate's serial. */
    merchant: RsaKeyPair;
    merchantSerial: string;
    /** WeChat Pay's platform key pair and its serial. */
    platform: RsaKeyPair;
    platformSerial: string;
  };
  /** A key nobody trusts, to forge signatures with. */
  stranger: RsaKeyPair;
}

let cached: TestPaymentKeys | undefined;

function rsaKeyPair(): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
  };
}

export function testPaymentKeys(): TestPaymentKeys {
  cached ??= {
    sandboxSecret: 'sandbox-test-secret-0123456789abcdef0123456789',
    alipay: { appId: '2021000117650139', app: rsaKeyPair(), alipay: rsaKeyPair() },
    wechatpay: {
      mchId: '1900000109',
      appId: 'wxd678efh567hg6787',
      apiV3Key: 'APIv3-test-key-0123456789abcdefg',
      merchant: rsaKeyPair(),
      merchantSerial: '3775B6A45ACD588826D15E583A95F5DD7C2F8A3A',
      platform: rsaKeyPair(),
      platformSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    },
    stranger: rsaKeyPair(),
  };
  return cached;
}

/** The PAYMENT_* / ALIPAY_* / WECHATPAY_* environment of all three providers, gateways at `gatewayUrl`. */
export function testPaymentEnv(gatewayUrl: string, publicBaseUrl = 'https://shop.example.com'): Record<string, string> {
  const keys = testPaymentKeys();
  return {
    PAYMENT_PROVIDERS: 'sandbox,alipay,wechatpay',
    PUBLIC_BASE_URL: publicBaseUrl,
    SANDBOX_PAY_SECRET: keys.sandboxSecret,
    ALIPAY_APP_ID: keys.alipay.appId,
    ALIPAY_PRIVATE_KEY: keys.alipay.app.privatePem,
    ALIPAY_PUBLIC_KEY: keys.alipay.alipay.publicPem,
    ALIPAY_GATEWAY: `${gatewayUrl}/gateway.do`,
    WECHATPAY_MCH_ID: keys.wechatpay.mchId,
    WECHATPAY_APP_ID: keys.wechatpay.appId,
    WECHATPAY_APIV3_KEY: keys.wechatpay.apiV3Key,
    WECHATPAY_PRIVATE_KEY: keys.wechatpay.merchant.privatePem,
    WECHATPAY_CERT_SERIAL: keys.wechatpay.merchantSerial,
    WECHATPAY_PLATFORM_CERTS: JSON.stringify({ [keys.wechatpay.platformSerial]: keys.wechatpay.platform.publicPem }),
    WECHATPAY_BASE_URL: gatewayUrl,
  };
}

/** Settings of all three providers enabled, with the test keys and gateways at `gatewayUrl` (see fake-payment-gateways.ts). */
export function testPaymentsConfig(gatewayUrl: string, publicBaseUrl = 'https://shop.example.com'): PaymentsConfig {
  const keys = testPaymentKeys();
  return {
    enabled: ['sandbox', 'alipay', 'wechatpay'],
    publicBaseUrl,
    sandbox: { secret: keys.sandboxSecret },
    alipay: {
      appId: keys.alipay.appId,
      privateKey: keys.alipay.app.privateKey,
      alipayPublicKey: keys.alipay.alipay.publicKey,
      gateway: `${gatewayUrl}/gateway.do`,
    },
    wechatpay: {
      mchId: keys.wechatpay.mchId,
      appId: keys.wechatpay.appId,
      apiV3Key: Buffer.from(keys.wechatpay.apiV3Key, 'utf8'),
      privateKey: keys.wechatpay.merchant.privateKey,
      certSerial: keys.wechatpay.merchantSerial,
      platformKeys: new Map([[keys.wechatpay.platformSerial, keys.wechatpay.platform.publicKey]]),
      baseUrl: gatewayUrl,
    },
  };
}
