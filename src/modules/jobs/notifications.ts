import type { Db, Tx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { findContactsByIds, findUserById } from '../accounts/accounts.repo.js';
import { maskIdentifier, parseIdentifier } from '../accounts/identifiers.js';
import type { MessageSender } from '../accounts/sender.js';
import { listJobsOfStore, type JobStatus } from './jobs.repo.js';
import type { JobHandler } from './jobs.runner.js';
import { enqueue, rowToJob, type JobView } from './jobs.service.js';

export const NOTIFICATION_SEND = 'notification.send';

type Locale = 'zh-CN' | 'fr' | 'en';

/** Message templates in every locale; `{name}` is replaced by the parameter of that name. */
export const TEMPLATES = {
  'account.welcome': {
    'zh-CN': '{name}，欢迎来到 Vitrine。',
    fr: 'Bienvenue sur Vitrine, {name}.',
    en: 'Welcome to Vitrine, {name}.',
  },
  // {time} is already formatted in Asia/Shanghai for the recipient's locale.
  'testDrive.booked': {
    'zh-CN': '已预约 {model} 试驾：{time}，{dealer}（{address}）。经销商确认后将再通知你。',
    fr: 'Essai de {model} réservé : {time}, {dealer} ({address}). Nous vous écrirons dès que la concession confirme.',
    en: 'Test drive of the {model} booked: {time} at {dealer} ({address}). We will tell you once the dealer confirms.',
  },
  'testDrive.confirmed': {
    'zh-CN': '{dealer} 已确认你的 {model} 试驾：{time}。',
    fr: '{dealer} confirme votre essai de {model} : {time}.',
    en: '{dealer} confirmed your test drive of the {model}: {time}.',
  },
  'testDrive.rescheduled': {
    'zh-CN': '你的 {model} 试驾已改到 {time}，{dealer}。',
    fr: 'Votre essai de {model} est déplacé au {time}, {dealer}.',
    en: 'Your test drive of the {model} moved to {time} at {dealer}.',
  },
  'testDrive.cancelled': {
    'zh-CN': '你在 {dealer} 的 {model} 试驾（{time}）已取消。',
    fr: 'Votre essai de {model} du {time} chez {dealer} est annulé.',
    en: 'Your test drive of the {model} on {time} at {dealer} is cancelled.',
  },
  'testDrive.reminder': {
    'zh-CN': '提醒：{time} 在 {dealer}（{address}）试驾 {model}，请携带驾驶证。',
    fr: 'Rappel : essai de {model} à {time} chez {dealer} ({address}). Pensez à votre permis.',
    en: 'Reminder: test drive of the {model} at {time}, {dealer} ({address}). Bring your driving licence.',
  },
  'lead.received': {
    'zh-CN': '{dealer} 已收到你的咨询，将尽快与你联系。',
    fr: '{dealer} a reçu votre demande et vous rappellera rapidement.',
    en: '{dealer} received your request and will call you back soon.',
  },
  // Orders: {reference} is the order's R-XXXXXXX, {amount} already formatted for the recipient.
  'order.placed': {
    'zh-CN': '新订单 {reference}：{model}，在 {dealer} 提车，待付定金。',
    fr: 'Nouvelle commande {reference} : {model}, retrait chez {dealer}, acompte en attente.',
    en: 'New order {reference}: {model}, pickup at {dealer}, deposit pending.',
  },
  'order.depositReceived': {
    'zh-CN': '已收到订单 {reference} 的定金 {amount}。{dealer} 将为你分配车辆。',
    fr: 'Acompte de {amount} reçu pour la commande {reference}. {dealer} va vous attribuer un véhicule.',
    en: 'Deposit of {amount} received for order {reference}. {dealer} will allocate your car.',
  },
  'order.vinAllocated': {
    'zh-CN': '订单 {reference} 已分配车辆，车架号 {vin}。',
    fr: 'Un véhicule est attribué à la commande {reference} : VIN {vin}.',
    en: 'A car is allocated to order {reference}: VIN {vin}.',
  },
  'order.ready': {
    'zh-CN': '你的 {model} 已可提车：{time}，{dealer}。请带上提车码。',
    fr: 'Votre {model} est prête : {time}, {dealer}. Apportez votre code de retrait.',
    en: 'Your {model} is ready: {time} at {dealer}. Bring your pickup code.',
  },
  'order.delivered': {
    'zh-CN': '恭喜提车！订单 {reference} 已交付。',
    fr: 'Félicitations ! La commande {reference} vous est livrée.',
    en: 'Congratulations! Order {reference} is delivered.',
  },
  'order.cancelled': {
    'zh-CN': '订单 {reference}（{model}）已取消。',
    fr: 'La commande {reference} ({model}) est annulée.',
    en: 'Order {reference} ({model}) is cancelled.',
  },
  'order.refunded': {
    'zh-CN': '订单 {reference} 已退款 {amount}。',
    fr: '{amount} remboursés sur la commande {reference}.',
    en: '{amount} refunded on order {reference}.',
  },
  'voucher.active': {
    'zh-CN': '代金券「{offer}」已可使用，抵 {value}，到店出示验证码 {code}，有效期至 {expires}。',
    fr: 'Votre bon « {offer} » ({value}) est prêt : code {code}, à présenter chez un concessionnaire avant le {expires}.',
    en: 'Your voucher "{offer}" ({value}) is ready: code {code}, to show at a dealer before {expires}.',
  },
  'voucher.redeemed': {
    'zh-CN': '代金券「{offer}」已在 {dealer} 使用。',
    fr: 'Votre bon « {offer} » a été utilisé chez {dealer}.',
    en: 'Your voucher "{offer}" was used at {dealer}.',
  },
  'voucher.refunded': {
    'zh-CN': '代金券「{offer}」已退款 {amount}。',
    fr: '{amount} remboursés pour le bon « {offer} ».',
    en: '{amount} refunded for the voucher "{offer}".',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type TemplateName = keyof typeof TEMPLATES;

/** An email's subject line for each template, in every locale. */
export const SUBJECTS = {
  'account.welcome': { 'zh-CN': '欢迎来到 Vitrine', fr: 'Bienvenue sur Vitrine', en: 'Welcome to Vitrine' },
  'testDrive.booked': { 'zh-CN': '试驾已预约', fr: 'Essai réservé', en: 'Test drive booked' },
  'testDrive.confirmed': { 'zh-CN': '试驾已确认', fr: 'Essai confirmé', en: 'Test drive confirmed' },
  'testDrive.rescheduled': { 'zh-CN': '试驾时间已更改', fr: 'Essai déplacé', en: 'Test drive moved' },
  'testDrive.cancelled': { 'zh-CN': '试驾已取消', fr: 'Essai annulé', en: 'Test drive cancelled' },
  'testDrive.reminder': { 'zh-CN': '试驾提醒', fr: 'Rappel de votre essai', en: 'Test drive reminder' },
  'lead.received': { 'zh-CN': '经销商已收到你的咨询', fr: 'Votre demande est bien reçue', en: 'Your request was received' },
  'order.placed': { 'zh-CN': '新订单', fr: 'Nouvelle commande', en: 'New order' },
  'order.depositReceived': { 'zh-CN': '定金已收到', fr: 'Acompte reçu', en: 'Deposit received' },
  'order.vinAllocated': { 'zh-CN': '车辆已分配', fr: 'Véhicule attribué', en: 'Car allocated' },
  'order.ready': { 'zh-CN': '可以提车了', fr: 'Votre voiture est prête', en: 'Your car is ready' },
  'order.delivered': { 'zh-CN': '已交付', fr: 'Livraison effectuée', en: 'Delivered' },
  'order.cancelled': { 'zh-CN': '订单已取消', fr: 'Commande annulée', en: 'Order cancelled' },
  'order.refunded': { 'zh-CN': '退款完成', fr: 'Remboursement effectué', en: 'Refund made' },
  'voucher.active': { 'zh-CN': '代金券可以使用了', fr: 'Votre bon est prêt', en: 'Your voucher is ready' },
  'voucher.redeemed': { 'zh-CN': '代金券已使用', fr: 'Bon utilisé', en: 'Voucher used' },
  'voucher.refunded': { 'zh-CN': '代金券已退款', fr: 'Bon remboursé', en: 'Voucher refunded' },
} as const satisfies Record<TemplateName, Record<Locale, string>>;

export interface NotificationPayload {
  userId: string;
  template: TemplateName;
  params: Record<string, string>;
}

/** Queues a notification in the transaction of the change it tells about, typed by its template. */
export async function notify(
  tx: Tx,
  clock: Clock,
  payload: NotificationPayload,
  where: { storeId?: string | null; dealerId?: string | null; dedupeKey?: string } = {},
): Promise<boolean> {
  return enqueue(tx, clock, { kind: NOTIFICATION_SEND, payload, ...where });
}

function inLocale(texts: Record<Locale, string>, locale: string): string {
  return texts[(locale in texts ? locale : 'zh-CN') as Locale];
}

export function render(template: TemplateName, locale: string, params: Record<string, string>): string {
  return inLocale(TEMPLATES[template], locale).replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);
}

/** notification.send: renders the template in the recipient's language and sends it by SMS, or by email without a phone. */
export function notificationHandler(db: Db, sender: MessageSender): JobHandler {
  return async (raw) => {
    const payload = raw as NotificationPayload;
    if (!(payload.template in TEMPLATES)) throw new Error(`Unknown template "${String(payload.template)}"`);
    const user = await findUserById(db, payload.userId);
    if (!user) throw new Error(`No account ${payload.userId}`);
    const to = user.phone ?? user.email;
    if (!to) throw new Error(`Account ${payload.userId} has no phone or email`);
    await sender.send({
      channel: user.phone ? 'sms' : 'email',
      to,
      text: render(payload.template, user.locale, payload.params),
      subject: inLocale(SUBJECTS[payload.template], user.locale),
      template: { name: payload.template, params: payload.params },
    });
  };
}

/** Every job kind the application handles. */
export function jobHandlers(deps: { db: Db; sender: MessageSender }): Record<string, JobHandler> {
  return { [NOTIFICATION_SEND]: notificationHandler(deps.db, deps.sender) };
}

export interface NotificationJobView extends JobView {
  /** For notification.send jobs: what was sent and to whom, masked; null for other kinds. */
  notification: { template: string | null; recipient: string | null } | null;
}

/** A dealer's jobs for its console, each notification with its template and masked recipient. */
export async function listDealerJobs(
  db: Db,
  scope: { storeId: string; dealerId: string },
  filter: { status?: JobStatus | undefined; limit: number },
): Promise<{ jobs: NotificationJobView[] }> {
  const rows = await listJobsOfStore(db, scope, filter);
  const payloads = new Map(rows.filter((row) => row.kind === NOTIFICATION_SEND).map((row) => [row.id, notificationPayload(row.payload)]));
  const userIds = [...new Set([...payloads.values()].flatMap((payload) => (payload ? [payload.userId] : [])))];
  const contacts = new Map((await findContactsByIds(db, userIds)).map((user) => [user.id, user]));
  return {
    jobs: rows.map((row) => {
      if (!payloads.has(row.id)) return { ...rowToJob(row), notification: null };
      const payload = payloads.get(row.id);
      const contact = payload ? contacts.get(payload.userId) : undefined;
      const identifier = contact ? parseIdentifier(contact.phone ?? contact.email ?? '') : undefined;
      return {
        ...rowToJob(row),
        notification: { template: payload?.template ?? null, recipient: identifier ? maskIdentifier(identifier) : null },
      };
    }),
  };
}

function notificationPayload(raw: string): { userId: string; template: string } | undefined {
  try {
    const value = JSON.parse(raw) as Partial<Record<'userId' | 'template', unknown>> | null;
    return typeof value?.userId === 'string' && typeof value.template === 'string' ? { userId: value.userId, template: value.template } : undefined;
  } catch {
    return undefined;
  }
}
