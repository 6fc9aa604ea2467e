import { dashboardsMessages } from '../features/analytics/dashboards.messages';
import { auditMessages } from '../features/audit/audit.messages';
import { catalogAdminMessages } from '../features/catalog-admin/catalog-admin.messages';
import { dealersAdminMessages } from '../features/dealers-admin/dealers-admin.messages';
import { leadsMessages } from '../features/leads/leads.messages';
import { notificationsMessages } from '../features/notifications/notifications.messages';
import { orderConsoleMessages } from '../features/orders/order-console.messages';
import { storePolicyMessages } from '../features/store-policy/store-policy.messages';
import { addMessages } from './messages';

/**
 * The bundles only the dealer and brand consoles use: they load with the first console page,
 * with the buyer's page messages (page-messages.ts) and in the language shown, so no buyer
 * downloads them.
 */
export const CONSOLE_BUNDLES = [
  orderConsoleMessages,
  leadsMessages,
  notificationsMessages,
  catalogAdminMessages,
  storePolicyMessages,
  dashboardsMessages,
  dealersAdminMessages,
  auditMessages,
] as const;

for (const bundle of CONSOLE_BUNDLES) addMessages(bundle);
