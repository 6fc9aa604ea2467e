import { api, dataOf } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/messages';

// The store's audit log through the typed client, a page at a time, newest first.

export type AuditPage = paths['/api/v1/admin/stores/{store}/audit-events']['get']['responses'][200]['content']['application/json'];
export type AuditEvent = AuditPage['events'][number];

export function fetchAuditPage(store: string, query: { before?: string | undefined; cursor?: string | undefined }, signal?: AbortSignal): Promise<AuditPage> {
  return dataOf(
    api.GET('/api/v1/admin/stores/{store}/audit-events', {
      params: { path: { store }, query: { limit: 50, ...(query.before ? { before: query.before } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) } },
      ...(signal ? { signal } : {}),
    }),
  );
}

/** The actions the log has words for (`audit.action.*` in audit.messages.ts). */
const AUDIT_ACTIONS = ['auth.login', 'auth.login_failed', 'auth.login_refused', 'auth.logout', 'auth.register', 'auth.second_factor_failed', 'auth.password_changed', 'auth.password_change_failed', 'auth.session_revoked', 'auth.api_token_created', 'auth.api_token_revoked', 'auth.totp_enrolment_started', 'auth.totp_enabled', 'catalog.model_created', 'catalog.model_updated', 'catalog.trim_saved', 'catalog.option_saved', 'catalog.rules_replaced', 'catalog.imported', 'campaign.created', 'campaign.updated', 'campaign.ended', 'voucher_offer.created', 'voucher_offer.ended', 'voucher_policy.updated', 'dealer.created', 'dealer.profile_updated', 'dealer.switched_off', 'dealer.switched_on', 'dealer.staff_added', 'dealer.staff_disabled', 'dealer.staff_enabled', 'stock.unit_added', 'stock.unit_changed', 'stock.unit_transferred', 'stock.imported', 'test_drive.confirmed', 'test_drive.completed', 'test_drive.no_show', 'test_drive.cancelled', 'test_drive.note_added'] as const;

/** The words for an action, or undefined for one this page does not know yet (shown as its code). */
export function actionLabel(action: string): MessageKey | undefined {
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? (`audit.action.${action}` as MessageKey) : undefined;
}

const ROLES = ['buyer', 'dealer_staff', 'brand_admin', 'platform_admin', 'anonymous'] as const;

export function roleLabel(role: string): MessageKey | undefined {
  return (ROLES as readonly string[]).includes(role) ? (`audit.role.${role}` as MessageKey) : undefined;
}

/** A short, readable line of an event's details: its scalar values, nothing nested. */
export function detailsLine(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v === 'string')))
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join(' · ');
}
