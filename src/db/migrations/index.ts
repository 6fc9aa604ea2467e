import type { Migration } from 'kysely';
import * as catalog from './2026-11-28-0001-catalog.js';
import * as accounts from './2026-11-28-0002-accounts.js';
import * as configurations from './2026-11-28-0003-configurations.js';
import * as accountSecurity from './2026-12-01-0002-account-security.js';
import * as storeBranding from './2026-12-01-0003-store-branding.js';
import * as outbox from './2026-12-01-0004-outbox.js';
import * as dealerProfiles from './2026-12-01-0005-dealer-profiles.js';
import * as stock from './2026-12-01-0006-stock.js';
import * as testDrives from './2026-12-01-0007-test-drives.js';
import * as leads from './2026-12-01-0008-leads.js';
import * as plateFees from './2026-12-01-0009-plate-fees.js';
import * as orders from './2026-12-02-0010-orders.js';
import * as finance from './2026-12-02-0011-finance.js';
import * as idempotency from './2026-12-02-0012-idempotency.js';
import * as myConfigurations from './2026-12-02-0013-my-configurations.js';
import * as campaigns from './2026-12-02-0014-campaigns.js';
import * as vouchers from './2026-12-02-0015-vouchers.js';
import * as campaignEditions from './2026-12-02-0016-campaign-editions.js';
import * as modelBodyTags from './2026-12-02-0017-model-body-tags.js';
import * as buyerDefaultNames from './2026-12-02-0018-buyer-default-names.js';
import * as analyticsEvents from './2026-12-02-0019-analytics-events.js';
import * as analyticsDashboardIndex from './2026-12-02-0020-analytics-dashboard-index.js';
import * as analyticsRollups from './2026-12-02-0024-analytics-rollups.js';
import * as trimSpecs from './2026-12-02-0025-trim-specs.js';
import * as bannerVersions from './2026-12-02-0026-banner-versions.js';

/** Every migration, by dated name. Append only: a released migration never changes. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-0001-catalog': catalog,
  '2026-11-28-0002-accounts': accounts,
  '2026-11-28-0003-configurations': configurations,
  '2026-12-01-0002-account-security': accountSecurity,
  '2026-12-01-0003-store-branding': storeBranding,
  '2026-12-01-0004-outbox': outbox,
  '2026-12-01-0005-dealer-profiles': dealerProfiles,
  '2026-12-01-0006-stock': stock,
  '2026-12-01-0007-test-drives': testDrives,
  '2026-12-01-0008-leads': leads,
  '2026-12-01-0009-plate-fees': plateFees,
  '2026-12-02-0010-orders': orders,
  '2026-12-02-0011-finance': finance,
  '2026-12-02-0012-idempotency': idempotency,
  '2026-12-02-0013-my-configurations': myConfigurations,
  '2026-12-02-0014-campaigns': campaigns,
  '2026-12-02-0015-vouchers': vouchers,
  '2026-12-02-0016-campaign-editions': campaignEditions,
  '2026-12-02-0017-model-body-tags': modelBodyTags,
  '2026-12-02-0018-buyer-default-names': buyerDefaultNames,
  '2026-12-02-0019-analytics-events': analyticsEvents,
  '2026-12-02-0020-analytics-dashboard-index': analyticsDashboardIndex,
  '2026-12-02-0024-analytics-rollups': analyticsRollups,
  '2026-12-02-0025-trim-specs': trimSpecs,
  '2026-12-02-0026-banner-versions': bannerVersions,
};
