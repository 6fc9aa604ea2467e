import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateSession } from '../../src/modules/accounts/accounts.service.js';
import { DEMO_PASSWORD } from '../../src/seed/seed-demo.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { anonymous, codeSentTo, cookiesFrom, DEMO, signIn, type Caller } from '../helpers/auth.js';
import { makeBuyers } from '../helpers/buyers.js';
import { addUnit, placeOrder } from '../helpers/orders.js';
import { recordingStatements } from '../helpers/statements.js';

// The brand console's dealer network: dealers, their profile and status, their staff accounts, all audited.

let ctx: TestContext;
let admin: Caller;
let alpine: Caller;
let platform: Caller;
let staff: Caller;
beforeAll(async () => {
  ctx = await createTestApp();
  admin = await signIn(ctx.app, DEMO.renaultAdmin);
  alpine = await signIn(ctx.app, DEMO.alpineAdmin);
  platform = await signIn(ctx.app, DEMO.platformAdmin);
  staff = await signIn(ctx.app, DEMO.staffShanghai);
});
afterAll(async () => {
  await ctx.close();
});

const base = '/api/v1/admin/stores/renault/dealers';
const t = (zh: string, fr: string, en: string) => ({ 'zh-CN': zh, fr, en });
const week = (open: string, close: string) => ({
  mon: { open, close },
  tue: { open, close },
  wed: { open, close },
  thu: { open, close },
  fri: { open, close },
  sat: { open: '10:00', close: '16:00' },
  sun: null,
});
const newDealer = (code: string) => ({
  code,
  name: t('雷诺杭州西湖店', 'Renault Hangzhou Xihu', 'Renault Hangzhou West Lake'),
  address: t('西湖区文三路 1 号', '1 rue Wensan, Xihu', '1 Wensan Road, Xihu'),
  city: t('杭州', 'Hangzhou', 'Hangzhou'),
  cityCode: 'hangzhou',
  province: t('浙江省', 'Zhejiang', 'Zhejiang'),
  location: { lat: 30.2741, lng: 120.1551 },
  phone: '0571-88886666',
  services: ['sales', 'test_drive'],
  openingHours: week('09:00', '18:00'),
});
const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: caller.headers, ...(payload ? { payload } : {}) });
const auditActions = async (caller: Caller = admin) =>
  (await call(caller, 'GET', '/api/v1/admin/stores/renault/audit-events?limit=50')).json().events as Array<{
    action: string;
    target: { type: string; id: string | null };
    actor: { name: string | null };
    details: Record<string, unknown>;
  }>;

describe('the store’s dealers', () => {
  it('lists all 36 of Renault’s dealers a page at a time, in code order, each with its status', async () => {
    const codes: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await call(admin, 'GET', `${base}?limit=10&locale=en${after ? `&after=${after}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      codes.push(...page.dealers.map((d: { code: string }) => d.code));
      expect(page.dealers.every((d: { status: string }) => d.status === 'active')).toBe(true);
      after = page.nextAfter;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(4);
    expect(codes).toHaveLength(36);
    expect(new Set(codes).size).toBe(36);
    expect(codes).toEqual([...codes].sort());
    expect(codes).toContain('sh-01');
    expect(codes.some((code) => code.startsWith('alp-'))).toBe(false);
  });

  it('answers a bad page request with a 400 naming the parameter', async () => {
    const res = await call(admin, 'GET', `${base}?limit=1000`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors[0].path).toBe('querystring.limit');
  });

  it('shows one dealer with its profile in every language', async () => {
    const res = await call(admin, 'GET', `${base}/sh-01?locale=fr`);
    expect(res.statusCode).toBe(200);
    const dealer = res.json();
    expect(dealer.name).toBe('Dongfeng Renault Shanghai Pudong');
    expect(dealer.localized.name['zh-CN']).toBe('上海东风雷诺浦东店');
    expect(dealer.services).toEqual(['sales', 'test_drive', 'delivery', 'service']);
    expect((await call(admin, 'GET', `${base}/nope-99`)).statusCode).toBe(404);
  });

  it('adds a dealer that buyers find in the locator at once, and audits it', async () => {
    const res = await call(admin, 'POST', `${base}?locale=en`, newDealer('hz-09'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'hz-09',
      status: 'active',
      name: 'Renault Hangzhou West Lake',
      city: 'Hangzhou',
      cityCode: 'hangzhou',
      location: { lat: 30.2741, lng: 120.1551 },
      openingHours: { mon: { open: '09:00', close: '18:00' }, sun: null },
    });
    const found = (await ctx.app.inject({ url: '/api/v1/stores/renault/dealers?city=hangzhou&locale=en' })).json().dealers;
    expect(found.map((d: { code: string }) => d.code)).toContain('hz-09');
    const event = (await auditActions()).find((e) => e.action === 'dealer.created');
    expect(event).toMatchObject({ target: { type: 'dealer' }, actor: { name: 'Renault China' }, details: { code: 'hz-09', city: 'hangzhou' } });
  });

  it('refuses a second dealer with the same code with a 409 pointing at the code', async () => {
    const res = await call(admin, 'POST', base, newDealer('sh-01'));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DEALER_CODE_TAKEN');
    expect(res.json().errors).toEqual([{ path: 'body.code', message: 'is already used by another dealer of this store' }]);
  });

  it('names the fields of bad input: coordinates off the globe, a blank name, a day that closes before it opens', async () => {
    const offGlobe = await call(admin, 'POST', base, { ...newDealer('hz-98'), location: { lat: 91, lng: 120 } });
    expect(offGlobe.statusCode).toBe(400);
    expect(offGlobe.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.location.lat']);
    const blank = await call(admin, 'POST', base, { ...newDealer('hz-98'), name: t('  ', 'x', 'x') });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].path).toBe("body.name.zh-CN");
    const hours = await call(admin, 'POST', base, { ...newDealer('hz-98'), openingHours: { ...week('09:00', '18:00'), tue: { open: '18:00', close: '09:00' } } });
    expect(hours.statusCode).toBe(422);
    expect(hours.json()).toMatchObject({ code: 'DEALER_INVALID_HOURS', days: ['tue'], errors: [{ path: 'body.openingHours.tue.close' }] });
    expect((await call(admin, 'GET', `${base}/hz-98`)).statusCode).toBe(404);
  });

  it('edits the profile, hours and services through one PATCH, refusing a day that closes before it opens', async () => {
    const refused = await call(admin, 'PATCH', `${base}/hz-09`, { phone: '0571-11112222', openingHours: { ...week('09:00', '18:00'), wed: { open: '12:00', close: '11:30' } } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ path: 'body.openingHours.wed.close', message: 'must be later than the opening time' }]);
    // Nothing of the refused request was written.
    expect((await call(admin, 'GET', `${base}/hz-09`)).json().phone).toBe('0571-88886666');

    const res = await call(admin, 'PATCH', `${base}/hz-09?locale=en`, {
      name: t('雷诺杭州滨江店', 'Renault Hangzhou Binjiang', 'Renault Hangzhou Binjiang'),
      address: null,
      phone: '0571-11112222',
      services: ['sales', 'service'],
      openingHours: week('08:30', '17:30'),
      location: { lat: 30.2084, lng: 120.2119 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Renault Hangzhou Binjiang',
      localized: { address: null },
      phone: '0571-11112222',
      services: ['sales', 'service'],
      location: { lat: 30.2084, lng: 120.2119 },
      openingHours: { mon: { open: '08:30', close: '17:30' } },
    });
    const card = (await ctx.app.inject({ url: '/api/v1/stores/renault/dealers/hz-09?locale=en' })).json();
    expect(card.name).toBe('Renault Hangzhou Binjiang');
    expect(card.openingHours.days[0]).toEqual({ day: 'mon', open: '08:30', close: '17:30' });
    expect((await auditActions())[0]).toMatchObject({ action: 'dealer.profile_updated', details: { code: 'hz-09', fields: ['name', 'address', 'location'] } });
    expect((await call(admin, 'PATCH', `${base}/hz-09`, {})).statusCode).toBe(400);
  });

  it('switches a dealer off: it leaves the locator and its page; switched on, it is back', async () => {
    const off = await call(admin, 'PATCH', `${base}/sh-02`, { status: 'inactive' });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().status).toBe('inactive');
    const shanghai = async () =>
      (await ctx.app.inject({ url: '/api/v1/stores/renault/dealers?city=shanghai' })).json().dealers.map((d: { code: string }) => d.code).sort();
    expect(await shanghai()).toEqual(['sh-01', 'sh-03', 'sh-04']);
    expect((await ctx.app.inject({ url: '/api/v1/stores/renault/dealers/sh-02' })).statusCode).toBe(404);
    const inactive = (await call(admin, 'GET', `${base}?status=inactive`)).json().dealers;
    expect(inactive.map((d: { code: string }) => d.code)).toEqual(['sh-02']);
    expect((await auditActions())[0]).toMatchObject({ action: 'dealer.switched_off', details: { code: 'sh-02' } });

    // Switching off what is off changes nothing and records nothing.
    await call(admin, 'PATCH', `${base}/sh-02`, { status: 'inactive' });
    expect((await auditActions()).filter((e) => e.action === 'dealer.switched_off')).toHaveLength(1);

    expect((await call(admin, 'PATCH', `${base}/sh-02`, { status: 'active' })).statusCode).toBe(200);
    expect(await shanghai()).toHaveLength(4);
    expect((await auditActions())[0]!.action).toBe('dealer.switched_on');
  });

  it('keeps each store to its own: Alpine’s admin finds nothing of Renault’s, the platform admin finds it all', async () => {
    expect((await call(alpine, 'GET', base)).statusCode).toBe(404);
    expect((await call(alpine, 'PATCH', `${base}/sh-01`, { phone: '021-00000000' })).statusCode).toBe(404);
    expect((await call(staff, 'GET', base)).statusCode).toBe(403);
    expect((await call(anonymous, 'GET', base)).statusCode).toBe(401);
    const res = await call(platform, 'GET', `${base}/sh-01`);
    expect(res.statusCode).toBe(200);
    const alpineDealers = (await call(alpine, 'GET', '/api/v1/admin/stores/alpine/dealers')).json().dealers;
    expect(alpineDealers.length).toBeGreaterThan(0);
    expect(alpineDealers.every((d: { code: string }) => !['sh-01', 'hz-09'].includes(d.code))).toBe(true);
  });
});

describe('a dealer’s staff accounts', () => {
  const staffUrl = `${base}/sh-03/staff`;
  const person = { email: 'Li.Na@Dealer.example.com', phone: '139 0000 0301', displayName: '李娜', locale: 'zh-CN' };

  /** Signs in with a password and the SMS code sent to `phone`, as the console's sign-in does. */
  async function staffSignIn(email: string, password: string, phone: string): Promise<Caller> {
    const before = ctx.sent.length;
    const first = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier: email, password } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().secondFactor).toBe('required');
    const code = codeSentTo(ctx.sent, phone, before);
    const second = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: first.json().challenge, code } });
    expect(second.statusCode, second.body).toBe(200);
    const token = cookiesFrom(second.headers['set-cookie']).vitrine_session!;
    return { name: email, headers: { cookie: `vitrine_session=${token}`, 'x-csrf-token': second.json().csrfToken } };
  }

  let added: { id: string };
  let password: string;

  it('lists the staff of a dealer, each with a masked second-factor phone', async () => {
    const res = await call(admin, 'GET', `${base}/sh-01/staff`);
    expect(res.statusCode).toBe(200);
    expect(res.json().staff).toEqual([
      expect.objectContaining({ displayName: '王芳', email: 'sh-01@dealer.example.com', phone: '+86139****0101', status: 'active' }),
    ]);
    expect((await call(admin, 'GET', staffUrl)).json().staff).toEqual([]);
  });

  it('adds a staff account who signs in with the first password and an SMS code, at their dealer only', async () => {
    const res = await call(admin, 'POST', staffUrl, person);
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json();
    expect(answer.staff).toMatchObject({ displayName: '李娜', email: 'li.na@dealer.example.com', phone: '+86139****0301', status: 'active' });
    expect(answer.initialPassword).toMatch(/^[a-zA-Z2-9]{5}-[a-zA-Z2-9]{5}-[a-zA-Z2-9]{5}$/);
    added = answer.staff;
    password = answer.initialPassword;

    const signedIn = await staffSignIn('li.na@dealer.example.com', password, '+8613900000301');
    const me = (await call(signedIn, 'GET', '/api/v1/me')).json().account;
    expect(me).toMatchObject({ role: 'dealer_staff', storeSlug: 'renault', dealerCode: 'sh-03' });
    expect((await call(signedIn, 'GET', '/api/v1/dealer/stores/renault/dealers/sh-03')).statusCode).toBe(200);
    expect((await call(signedIn, 'GET', '/api/v1/dealer/stores/renault/dealers/sh-01')).statusCode).toBe(404);

    const event = (await auditActions()).find((e) => e.action === 'dealer.staff_added');
    expect(event).toMatchObject({ target: { type: 'account', id: added.id }, details: { email: 'l***@dealer.example.com', displayName: '李娜' } });
    expect(JSON.stringify(event)).not.toContain(password);
  });

  it('refuses an email or phone another account uses with a 409 naming the field, and bad ones with a 400', async () => {
    const sameEmail = await call(admin, 'POST', staffUrl, { ...person, phone: '13900000399' });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json()).toMatchObject({ code: 'DEALER_STAFF_EXISTS', errors: [{ path: 'body.email' }] });
    const samePhone = await call(admin, 'POST', staffUrl, { ...person, email: 'other@dealer.example.com', phone: '+86 139-0000-0101' });
    expect(samePhone.json()).toMatchObject({ code: 'DEALER_STAFF_EXISTS', errors: [{ path: 'body.phone' }] });
    const landline = await call(admin, 'POST', staffUrl, { ...person, email: 'x@dealer.example.com', phone: '021-77591196' });
    expect(landline.statusCode).toBe(400);
    expect(landline.json().errors).toEqual([{ path: 'body.phone', message: expect.any(String) }]);
    const badEmail = await call(admin, 'POST', staffUrl, { ...person, email: 'not-an-email', phone: '13900000398' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().errors[0].path).toBe('body.email');
  });

  it('disables a staff account: its open session stops working at once and it cannot sign in again', async () => {
    const session = await staffSignIn('li.na@dealer.example.com', password, '+8613900000301');
    expect((await call(session, 'GET', '/api/v1/me')).statusCode).toBe(200);
    // Another dealer's path does not reach this account.
    expect((await call(admin, 'PATCH', `${base}/sh-01/staff/${added.id}`, { status: 'disabled' })).statusCode).toBe(404);

    const res = await call(admin, 'PATCH', `${staffUrl}/${added.id}`, { status: 'disabled' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('disabled');
    expect((await call(session, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await call(session, 'GET', '/api/v1/dealer/stores/renault/dealers/sh-03')).statusCode).toBe(401);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier: 'li.na@dealer.example.com', password } });
    expect(again.statusCode).toBe(401);
    const event = (await auditActions()).find((e) => e.action === 'dealer.staff_disabled');
    expect(event).toMatchObject({ target: { id: added.id }, details: { sessions: 2 } });
    expect((await call(admin, 'GET', staffUrl)).json().staff.map((s: { status: string }) => s.status)).toEqual(['disabled']);

    // Enabled again, the account signs in anew; the sessions it had stay ended.
    expect((await call(admin, 'PATCH', `${staffUrl}/${added.id}`, { status: 'active' })).json().status).toBe('active');
    expect((await call(session, 'GET', '/api/v1/me')).statusCode).toBe(401);
    await staffSignIn('li.na@dealer.example.com', password, '+8613900000301');
  });

  it('tells the active staff of a dealer of its orders, and not a disabled colleague, whom the console still lists', async () => {
    const dealerStaffUrl = `${base}/sh-02/staff`;
    expect((await call(admin, 'GET', dealerStaffUrl)).json().staff).toEqual([]);
    const addStaff = async (email: string, phone: string) => {
      const res = await call(admin, 'POST', dealerStaffUrl, { email, phone, displayName: email, locale: 'fr' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().staff.id as string;
    };
    const active = await addStaff('active@sh02.example.com', '13900000311');
    const disabled = await addStaff('disabled@sh02.example.com', '13900000312');
    expect((await call(admin, 'PATCH', `${dealerStaffUrl}/${disabled}`, { status: 'disabled' })).statusCode).toBe(200);

    const buyer = (await makeBuyers(ctx, 1, 'sh02-staff-told'))[0]!;
    const vin = await addUnit(ctx, { dealer: 'sh-02', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
    const placed = await placeOrder(ctx, buyer, { vin, dealer: 'sh-02', plan: 'cash' });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json() as { id: string; reference: string };
    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/me/orders/${order.id}/cancel`,
      headers: { ...buyer.headers, 'idempotency-key': `cancel-${order.id}` },
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);

    const jobs = await ctx.connection.db.selectFrom('job').select('payload').where('kind', '=', 'notification.send').execute();
    const told = jobs
      .map((job) => JSON.parse(job.payload) as { userId: string; template: string; params: { reference: string } })
      .filter((payload) => payload.params.reference === order.reference && payload.userId !== buyer.id)
      .map((payload) => `${payload.template} ${payload.userId}`)
      .sort();
    expect(told).toEqual([`order.cancelled ${active}`, `order.placed ${active}`]);
    const listed = (await call(admin, 'GET', dealerStaffUrl)).json().staff as Array<{ id: string; status: string }>;
    expect(listed.map((s) => [s.id, s.status])).toEqual([
      [active, 'active'],
      [disabled, 'disabled'],
    ]);
  });

  it('lets neither another store’s admin nor staff manage staff', async () => {
    expect((await call(alpine, 'POST', staffUrl, { ...person, email: 'a@b.example.com', phone: '13900000397' })).statusCode).toBe(404);
    expect((await call(staff, 'GET', staffUrl)).statusCode).toBe(403);
    expect((await call(platform, 'GET', staffUrl)).statusCode).toBe(200);
  });
});

describe('a switched-off dealer’s staff', () => {
  const dealerUrl = '/api/v1/dealer/stores/renault/dealers/sh-01';
  const login = (password: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier: DEMO.staffShanghai, password } });
  const bearer = (token: string): Caller => ({ name: 'DMS token', headers: { authorization: `Bearer ${token}` } });

  it('lose the console, its API and sign-in at once while the brand keeps the dealer’s data; switched on, the same session and token work again', async () => {
    const buyer = await signIn(ctx.app, DEMO.buyer);
    const session = await signIn(ctx.app, DEMO.staffShanghai);
    const beijing = await signIn(ctx.app, DEMO.staffBeijing);
    const created = await call(session, 'POST', '/api/v1/me/api-tokens', { name: 'DMS' });
    expect(created.statusCode, created.body).toBe(201);
    const token = bearer(created.json().token);
    const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
    const placed = await placeOrder(ctx, buyer, { vin, dealer: 'sh-01', plan: 'cash' });
    expect(placed.statusCode, placed.body).toBe(201);
    const orderId = placed.json().id as string;
    const orderIds = async (caller: Caller) => (await call(caller, 'GET', `${dealerUrl}/orders`)).json().orders.map((o: { id: string }) => o.id);

    // At work: the console's orders by session and by token.
    expect(await orderIds(session)).toContain(orderId);
    expect(await orderIds(token)).toContain(orderId);
    // A sign-in half done (password given, SMS code not yet) when the dealer is switched off.
    const sentBefore = ctx.sent.length;
    const halfway = await login(DEMO_PASSWORD);
    expect(halfway.json().secondFactor).toBe('required');
    const code = codeSentTo(ctx.sent, '+8613900000101', sentBefore);

    const off = await call(admin, 'PATCH', `${base}/sh-01`, { status: 'inactive' });
    expect(off.statusCode, off.body).toBe(200);

    // The open session is no session: every staff request answers as to a signed-out caller.
    for (const res of [
      await call(session, 'GET', `${dealerUrl}/orders`),
      await call(session, 'GET', `${dealerUrl}/stock`),
      await call(session, 'GET', '/api/v1/me'),
      await call(session, 'PATCH', dealerUrl, { phone: '021-55550000' }),
    ]) {
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('AUTH_REQUIRED');
    }
    const probe = await call(session, 'GET', '/api/v1/auth/session');
    expect(probe.json()).toEqual({ account: null, csrfToken: null });
    expect(cookiesFrom(probe.headers['set-cookie']).vitrine_session).toBe('');
    // The token is refused with the reason: its holder has the secret, so the reason leaks nothing.
    for (const res of [await call(token, 'GET', `${dealerUrl}/orders`), await call(token, 'GET', '/api/v1/me')]) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe('AUTH_DEALER_SWITCHED_OFF');
    }
    expect((await call(admin, 'GET', `${base}/sh-01`)).json().phone).not.toBe('021-55550000');

    // The second step of the sign-in started before is refused, and so is a new sign-in with the right
    // password, before any SMS is sent; no session cookie either way.
    const second = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challenge: halfway.json().challenge, code } });
    expect(second.statusCode, second.body).toBe(403);
    expect(second.json().code).toBe('AUTH_DEALER_SWITCHED_OFF');
    expect(second.headers['set-cookie']).toBeUndefined();
    const sentNow = ctx.sent.length;
    const right = await login(DEMO_PASSWORD);
    expect(right.statusCode, right.body).toBe(403);
    expect(right.json().code).toBe('AUTH_DEALER_SWITCHED_OFF');
    expect(right.headers['set-cookie']).toBeUndefined();
    expect(ctx.sent.length).toBe(sentNow);
    // A wrong password gets word for word the answer an active account's wrong password gets.
    const wrong = await login('not-the-password');
    const wrongElsewhere = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier: DEMO.staffBeijing, password: 'not-the-password' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(wrongElsewhere.json());
    const refusals = (await auditActions()).filter((e) => e.action === 'auth.login_refused');
    expect(refusals.map((e) => e.details)).toEqual([
      { method: 'password', reason: 'dealer_switched_off' },
      { method: 'password+sms', reason: 'dealer_switched_off' },
    ]);

    // The brand takes over: the dealer's orders, stock and test drives stay open to its admin.
    expect(await orderIds(admin)).toContain(orderId);
    const stock = await call(admin, 'GET', `${dealerUrl}/stock?limit=200`);
    expect(stock.statusCode).toBe(200);
    expect(stock.json().units.map((u: { vin: string }) => u.vin)).toContain(vin);
    expect((await call(admin, 'GET', `${dealerUrl}/test-drives`)).statusCode).toBe(200);
    // Another dealer’s staff work on.
    expect((await call(beijing, 'GET', '/api/v1/dealer/stores/renault/dealers/bj-01/orders')).statusCode).toBe(200);

    // Switched on again: the same session and token work, and the staff sign in anew.
    expect((await call(admin, 'PATCH', `${base}/sh-01`, { status: 'active' })).statusCode).toBe(200);
    expect(await orderIds(session)).toContain(orderId);
    expect(await orderIds(token)).toContain(orderId);
    const again = await signIn(ctx.app, DEMO.staffShanghai);
    expect((await call(again, 'GET', '/api/v1/me')).json().account).toMatchObject({ role: 'dealer_staff', dealerCode: 'sh-01' });
  });

  it('are told nothing of its orders: a cancellation reaches them while it is on, nobody there once it is off', async () => {
    const buyer = (await makeBuyers(ctx, 1, 'switched-off-dealer'))[0]!;
    const staffId = (await call(staff, 'GET', '/api/v1/me')).json().account.id as string;
    const placeAtShanghai = async () => {
      const vin = await addUnit(ctx, { dealer: 'sh-01', model: 'captur', trim: 'captur-12t-comfort', options: [], colour: null, price: 13_980_000 });
      const placed = await placeOrder(ctx, buyer, { vin, dealer: 'sh-01', plan: 'cash' });
      expect(placed.statusCode, placed.body).toBe(201);
      return placed.json() as { id: string; reference: string };
    };
    const toldOfCancellation = async (reference: string) => {
      const jobs = await ctx.connection.db.selectFrom('job').select('payload').where('kind', '=', 'notification.send').execute();
      return jobs
        .map((job) => JSON.parse(job.payload) as { userId: string; template: string; params: { reference: string } })
        .filter((payload) => payload.template === 'order.cancelled' && payload.params.reference === reference)
        .map((payload) => payload.userId);
    };
    const cancelledByBuyer = (orderId: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/me/orders/${orderId}/cancel`, headers: { ...buyer.headers, 'idempotency-key': `cancel-${orderId}` }, payload: {} });

    const whileOn = await placeAtShanghai();
    expect((await cancelledByBuyer(whileOn.id)).statusCode).toBe(200);
    expect(await toldOfCancellation(whileOn.reference)).toContain(staffId);

    const byBuyer = await placeAtShanghai();
    const byBrand = await placeAtShanghai();
    expect((await call(admin, 'PATCH', `${base}/sh-01`, { status: 'inactive' })).statusCode).toBe(200);
    try {
      expect((await cancelledByBuyer(byBuyer.id)).statusCode).toBe(200);
      expect((await call(admin, 'POST', `/api/v1/admin/stores/renault/orders/${byBrand.id}/cancel`, {})).statusCode).toBe(200);
      expect(await toldOfCancellation(byBuyer.reference)).toEqual([]);
      expect(await toldOfCancellation(byBrand.reference)).toEqual([]);
    } finally {
      expect((await call(admin, 'PATCH', `${base}/sh-01`, { status: 'active' })).statusCode).toBe(200);
    }
  });

  it('asks the dealer’s status for staff only: a buyer’s session costs one query, a staff one two', async () => {
    const queries = async (sessionToken: string) => {
      const counted = recordingStatements(ctx.connection.db);
      const principal = await authenticateSession(counted.db, ctx.clock, sessionToken);
      expect(principal).toMatchObject({ kind: 'session' });
      return counted.statements.length;
    };
    // Signed in just now, so neither session is due for its idle-expiry write.
    expect(await queries((await signIn(ctx.app, DEMO.buyer)).token)).toBe(1);
    expect(await queries((await signIn(ctx.app, DEMO.staffBeijing)).token)).toBe(2);
    expect(await queries((await signIn(ctx.app, DEMO.renaultAdmin)).token)).toBe(1);
  });
});
