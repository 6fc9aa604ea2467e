/*
 * Hostile requests for every operation of the OpenAPI document: each field of a valid request
 * replaced in turn by something hostile (NUL bytes, numbers JSON cannot hold, huge and empty
 * strings, wrong types, lone surrogates), and each query and path parameter likewise.
 * Used by the API suite (no 5xx) and by bench/attack.ts (CPU per request).
 */

export interface OpenApiOperation {
  method: string;
  path: string;
  parameters: Array<{ in: string; name: string }>;
}

export interface HostileRequest {
  method: string;
  url: string;
  /** Raw JSON text, or undefined for a request without a body. */
  payload: string | undefined;
}

export function operationsOf(document: { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> }): OpenApiOperation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, parameters: op.parameters ?? [] })),
  );
}

const t = (text: string) => ({ 'zh-CN': text, fr: text, en: text });

/** A request each operation would accept, so that one hostile field at a time gets past the rest. */
export const VALID_BODIES: Record<string, unknown> = {
  'POST /api/v1/stores/{store}/configurations': { model: 'koleos', trim: 'koleos-20-2wd-comfort', options: ['pk-bose'] },
  'POST /api/v1/auth/otp': { destination: '13900139000' },
  'POST /api/v1/auth/otp/verify': { destination: '13900139000', code: '123456' },
  'POST /api/v1/auth/register': { identifier: 'fuzz@example.com', code: '123456', password: 'a-long-password', displayName: 'Fuzz' },
  'POST /api/v1/auth/login': { identifier: 'nobody@example.com', password: 'wrong-password' },
  'POST /api/v1/auth/login/second-factor': { challenge: 'not-a-challenge', code: '123456' },
  'POST /api/v1/me/second-factor/totp': {},
  'POST /api/v1/me/second-factor/totp/confirm': { code: '123456' },
  'PATCH /api/v1/me': { displayName: 'Platform', locale: 'en' },
  'POST /api/v1/me/api-tokens': { name: 'fuzz', expiresInDays: 30 },
  'PATCH /api/v1/dealer/stores/{store}/dealers/{dealer}': { phone: '021-12345678', services: ['sales'] },
  'POST /api/v1/admin/stores/{store}/models': {
    slug: 'fuzz',
    name: t('Fuzz'),
    tagline: t('Fuzz'),
    body: 'suv',
    powertrain: 'ICE',
    seats: 5,
    nev: false,
    origin: 'import',
  },
  'PATCH /api/v1/admin/stores/{store}/models/{model}': { tagline: t('Tagline'), seats: 5 },
  'POST /api/v1/admin/stores/{store}/models/{model}/trims': { code: 'koleos-fuzz', name: t('Trim'), engine: '2.0L CVT', price: 20_000_000 },
  'POST /api/v1/admin/stores/{store}/models/{model}/options': {
    code: 'acc-fuzz',
    group: 'accessories',
    name: t('Option'),
    price: 100,
    availability: { 'koleos-20-2wd-comfort': 'optional' },
  },
  'PUT /api/v1/admin/stores/{store}/models/{model}/trims/{trim}': {
    name: t('Trim'),
    engine: '2.0L CVT',
    price: 20_000_000,
    specs: {
      power: { value: 110, unit: 'kW' },
      dimensions: { length: 4672, width: 1843, height: 1678, unit: 'mm' },
      electricRange: { min: 250, max: 270, unit: 'km', cycle: 'NEDC', approximate: true },
      charging: { value: 50, unit: 'min', fromPercent: 0, toPercent: 80 },
    },
  },
  'PUT /api/v1/admin/stores/{store}/models/{model}/options/{option}': {
    name: t('Option'),
    price: 100,
    availability: { 'koleos-20-2wd-comfort': 'optional' },
  },
  'PUT /api/v1/admin/stores/{store}/models/{model}/rules': { rules: [{ kind: 'excludes', option: 'pk-roof', targets: ['acc-roofbox'] }] },
  'POST /api/v1/stores/{store}/leads': { dealer: 'sh-01', model: 'koleos', sharePhone: true, message: 'After 6 pm please' },
  'POST /api/v1/stores/{store}/events/views': { model: 'koleos', trim: 'koleos-20-2wd-comfort', city: 'shanghai' },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/leads/{id}/status': { status: 'contacted' },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/jobs/{id}/retry': {},
  // Tuesday 2026-03-03 10:00 in Shanghai, a slot the day after the tests' fixed clock.
  'POST /api/v1/stores/{store}/test-drives': { dealer: 'sh-01', model: 'koleos', start: '2026-03-03T02:00:00Z', sharePhone: true, notes: 'After work' },
  'PATCH /api/v1/me/test-drives/{id}': { start: '2026-03-03T02:30:00Z' },
  'POST /api/v1/me/test-drives/{id}/cancel': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/test-drives/{id}/confirm': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/test-drives/{id}/no-show': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/test-drives/{id}/complete': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/test-drives/{id}/notes': { note: 'Called the buyer' },
  'POST /api/v1/stores/{store}/finance-quotes': { plan: 'loan', model: 'koleos', price: 17_980_000, downPayment: 3_596_000, months: 36 },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/leads/{id}/notes': { note: 'Called back, no answer' },
  // No body of its own: the job is named by the path.
  'POST /api/v1/admin/stores/{store}/jobs/{id}/retry': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/stock': {
    vin: 'LVSHTEST2JZ000001',
    model: 'koleos',
    trim: 'koleos-20-2wd-comfort',
    options: ['paint-cosmos-blue'],
    price: 18_000_000,
    status: 'available',
    eta: '2018-05-01',
  },
  'PATCH /api/v1/dealer/stores/{store}/dealers/{dealer}/stock/{vin}': { status: 'held', eta: '2018-05-01', price: 18_000_000 },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/stock/{vin}/transfers': { dealer: 'sh-02', eta: '2018-05-01' },
  'POST /api/v1/stores/{store}/orders': { configuration: 'ABCDEFGH', dealer: 'sh-01', plan: 'loan', phone: '13800138000' },
  'POST /api/v1/me/orders/{id}/cancel': { reason: 'Changed my mind' },
  'POST /api/v1/orders/{id}/payments': { provider: 'sandbox' },
  'POST /api/v1/stores/{store}/vouchers': { offer: 'dealer-voucher' },
  'POST /api/v1/vouchers/{id}/payments': { provider: 'sandbox' },
  'POST /api/v1/me/vouchers/{id}/refund': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/voucher-redemptions': { code: '1234 5678 9012', saleReference: 'SH-2026-0001' },
  'POST /api/v1/admin/stores/{store}/voucher-offers': {
    slug: 'fuzz-voucher',
    name: t('Voucher'),
    terms: t('Terms'),
    price: 5_000_000,
    value: 10_000_000,
    unitsTotal: 100,
    perBuyerLimit: 1,
    payMinutes: 30,
    saleStartsAt: '2026-03-01T00:00:00Z',
    saleEndsAt: '2026-04-01T00:00:00Z',
    validUntil: '2027-03-01T00:00:00Z',
  },
  'POST /api/v1/admin/stores/{store}/voucher-offers/{offer}/end': {},
  'PUT /api/v1/admin/stores/{store}/voucher-policy': { refundDays: 7, refundOnExpiry: true },
  // The store policy sections: a version of the right shape (a stale one answers 409, never 5xx).
  'PUT /api/v1/admin/stores/{store}/deposits': { version: '0123456789abcdef', deposits: [{ model: 'koleos', amount: 500_000 }] },
  'PUT /api/v1/admin/stores/{store}/order-policy': { version: '0123456789abcdef', holdMinutes: 15, refundWindowDays: 7, buildWeeks: 8, pickupMaxAttempts: 5 },
  'PUT /api/v1/admin/stores/{store}/finance-policy': {
    version: '0123456789abcdef',
    loan: { aprBasisPoints: 499, minDownBasisPoints: 2000, nevMinDownBasisPoints: 1500, minMonths: 12, maxMonths: 60 },
    lease: { aprBasisPoints: 799, downBasisPoints: 1000, balloonBasisPoints: 6000, months: 12, keepRentingMonths: 36 },
  },
  'PUT /api/v1/admin/stores/{store}/plate-fees': { version: '0123456789abcdef', default: 50_000, cities: [{ code: 'shanghai', ice: 8_800_000, nev: 0, estimate: true }] },
  'PUT /api/v1/admin/stores/{store}/test-drive-policy': { version: '0123456789abcdef', maxUpcomingPerModel: 1, maxUpcoming: 2, maxInWindow: 5, windowDays: 60, leadMinutes: 120, horizonDays: 14 },
  'POST /api/v1/payments/sandbox/{id}/complete': { outcome: 'paid' },
  // Its body is the provider's, checked by signature: test/api/payment-callbacks.test.ts attacks it.
  'POST /api/v1/payments/{provider}/notify': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/confirm': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/allocate': { vin: 'LVSHTEST2JZ000001' },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/balance': { method: 'dealer' },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/inspection': { done: ['exterior', 'fluids'] },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/appointment': { at: '2026-03-03T06:00:00Z' },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/ready': {},
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/handover': {
    pickupCode: '123456',
    tempPlate: { number: '沪A·T1234', expiresOn: '2026-03-30' },
  },
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/orders/{id}/cancel': { reason: 'Damaged in transit' },
  'POST /api/v1/admin/stores/{store}/orders/{id}/cancel': { reason: 'Recall' },
  'POST /api/v1/stores/{store}/campaigns/{campaign}/claims': { dealer: 'sh-01', edition: 'paint-amethyst-black', plan: 'cash', phone: '13800138000' },
  'POST /api/v1/admin/stores/{store}/campaigns': {
    slug: 'fuzz-edition',
    name: t('Edition'),
    story: t('Story'),
    model: 'koleos',
    editions: [
      { code: 'black', trim: 'koleos-25-4wd-luxury', options: ['paint-amethyst-black', 'wh-18', 'pk-roof', 'pk-safety', 'pk-bose', 'acc-dashcam'] },
      { trim: 'koleos-25-4wd-luxury', options: ['paint-cosmos-blue', 'wh-18', 'pk-roof', 'pk-safety', 'pk-bose', 'acc-dashcam'] },
    ],
    price: 23_880_000,
    listPrice: 24_800_000,
    deposit: 201_800,
    unitsTotal: 120,
    startsAt: '2026-04-13T02:00:00Z',
    endsAt: '2026-04-15T16:00:00Z',
    perBuyerLimit: 1,
    payMinutes: 30,
  },
  'PATCH /api/v1/admin/stores/{store}/campaigns/{campaign}': {
    unitsTotal: 100,
    story: t('Story'),
    editions: [{ trim: 'koleos-25-4wd-luxury', options: ['paint-amethyst-black', 'wh-18', 'pk-roof', 'pk-safety', 'pk-bose', 'acc-dashcam'] }],
  },
  'POST /api/v1/admin/stores/{store}/campaigns/{campaign}/end': {},
  'POST /api/v1/admin/stores/{store}/dealers': {
    code: 'fuzz-dealer',
    name: t('Fuzz'),
    address: t('1 Fuzz Road'),
    city: t('Chengdu'),
    cityCode: 'chengdu',
    province: t('Sichuan'),
    location: { lat: 30.57, lng: 104.07 },
    phone: '028-12345678',
    services: ['sales'],
    openingHours: { mon: { open: '09:00', close: '18:00' }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null },
  },
  'PATCH /api/v1/admin/stores/{store}/dealers/{dealer}': {
    name: t('Fuzz'),
    location: { lat: 31.24, lng: 121.49 },
    phone: '021-12345678',
    services: ['sales', 'service'],
    openingHours: { mon: { open: '09:00', close: '18:00' }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null },
  },
  'POST /api/v1/admin/stores/{store}/dealers/{dealer}/staff': { email: 'fuzz.staff@dealer.example.com', phone: '13900000999', displayName: 'Fuzz', locale: 'en' },
  'PATCH /api/v1/admin/stores/{store}/dealers/{dealer}/staff/{id}': { status: 'disabled' },
};

/** Operations that would end the caller's own session, or whose success is tested elsewhere. */
export const SKIPPED = new Set([
  'POST /api/v1/auth/logout',
  'POST /api/v1/me/password',
  'DELETE /api/v1/me/sessions/{id}',
  // A text/csv body, not JSON: test/api/stock-import.test.ts sends it hostile files of its own.
  'POST /api/v1/dealer/stores/{store}/dealers/{dealer}/stock/imports',
]);

const PATH_VALUES: Record<string, string> = {
  store: 'renault',
  model: 'koleos',
  trim: 'koleos-20-2wd-comfort',
  option: 'pk-roof',
  dealer: 'sh-01',
  id: '00000000-0000-7000-8000-000000000000',
  code: 'ABCDEFGH',
  vin: 'LVSHTEST2JZ000001',
  provider: 'sandbox',
  campaign: 'f1-team-edition',
  offer: 'dealer-voucher',
};

/** Raw JSON texts: some of them (1e309) have no JavaScript value that JSON.stringify would write. */
const HOSTILE_JSON = [
  '"\\u0000"',
  '"a\\u0000b"',
  '"\\u001b[31m"',
  '"   "',
  '""',
  '"\\ud800"',
  `"${'x'.repeat(20_000)}"`,
  '"../../../etc/passwd"',
  '"１２３"',
  '1e309',
  '-1e309',
  '-1',
  '0',
  '1.5',
  '9007199254740993',
  '1e30',
  'true',
  'null',
  '[]',
  '{}',
  `${'['.repeat(500)}${']'.repeat(500)}`,
];

const HOSTILE_QUERY = ['%00', 'a%00b', '%ff', '1e309', '-1e309', 'NaN', '-1', '', '%20%20', 'x'.repeat(4_000), '2018-04-13T00:00:00%2B08:00', '9999-99-99'];
const HOSTILE_PATH = ['%00', '%ff', '..', '%2e%2e', 'x'.repeat(3_000), '%2F', 'A%00'];

/** Every leaf of a JSON value, by its path of keys. */
function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.length === 0 ? [path] : value.flatMap((item, i) => leaves(item, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [path];
}

/** The body as JSON text with the leaf at path replaced by a raw JSON text. */
function withLeaf(body: unknown, path: Array<string | number>, raw: string): string {
  const marker = '__HOSTILE__';
  const copy = structuredClone(body) as Record<string | number, unknown>;
  if (path.length === 0) return raw;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = marker;
  return JSON.stringify(copy).replace(`"${marker}"`, raw);
}

/** Every hostile variant of every operation's request; an operation with a body needs a valid one in VALID_BODIES. */
export function* hostileRequests(operations: OpenApiOperation[]): Generator<HostileRequest> {
  for (const op of operations) {
    const key = `${op.method} ${op.path}`;
    if (SKIPPED.has(key) || !op.path.startsWith('/api/v1/')) continue;
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => PATH_VALUES[name] ?? name);
    const body = VALID_BODIES[key];
    const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
    if (hasBody && body === undefined) throw new Error(`${key}: no valid body to start from in VALID_BODIES`);
    const validPayload = hasBody ? JSON.stringify(body) : undefined;

    if (hasBody) {
      for (const path of leaves(body)) {
        for (const raw of HOSTILE_JSON) yield { method: op.method, url, payload: withLeaf(body, path, raw) };
      }
      yield { method: op.method, url, payload: JSON.stringify({ ...(body as object), ['extra\u0000']: 1 }) };
    }
    for (const parameter of op.parameters.filter((p) => p.in === 'query')) {
      for (const value of HOSTILE_QUERY) yield { method: op.method, url: `${url}?${parameter.name}=${value}`, payload: validPayload };
    }
    for (const parameter of op.parameters.filter((p) => p.in === 'path')) {
      for (const value of HOSTILE_PATH) {
        const hostileUrl = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === parameter.name ? value : (PATH_VALUES[name] ?? name)));
        yield { method: op.method, url: hostileUrl, payload: validPayload };
      }
    }
  }
}
