import type { Db, Tx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { findUserById } from '../accounts/accounts.repo.js';
import type { MessageSender } from '../accounts/sender.js';
import type { JobHandler } from './jobs.runner.js';
import { enqueue } from './jobs.service.js';

export const NOTIFICATION_SEND = 'notification.send';

type Locale = 'zh-CN' | 'fr' | 'en';

/** Message templates in every locale; `{name}` is replaced by the parameter of that name. */
export const TEMPLATES = {
  'account.welcome': {
    'zh-CN': '{name}，欢迎来到 Vitrine。',
    fr: 'Bienvenue sur Vitrine, {name}.',
    en: 'Welcome to Vitrine, {name}.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type TemplateName = keyof typeof TEMPLATES;

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

export function render(template: TemplateName, locale: string, params: Record<string, string>): string {
  const texts: Record<Locale, string> = TEMPLATES[template];
  const text = texts[(locale in texts ? locale : 'zh-CN') as Locale];
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);
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
    await sender.send({ channel: user.phone ? 'sms' : 'email', to, text: render(payload.template, user.locale, payload.params) });
  };
}

/** Every job kind the application handles. */
export function jobHandlers(deps: { db: Db; sender: MessageSender }): Record<string, JobHandler> {
  return { [NOTIFICATION_SEND]: notificationHandler(deps.db, deps.sender) };
}
