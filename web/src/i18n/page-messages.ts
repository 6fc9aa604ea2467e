import { campaignsMessages } from '../features/campaigns/campaigns.messages';
import { dealersMessages } from '../features/dealers/dealers.messages';
import { financeMessages } from '../features/finance/finance.messages';
import { ordersMessages } from '../features/orders/orders.messages';
import { stockMessages } from '../features/stock/stock.messages';
import { testDrivesMessages } from '../features/test-drives/test-drives.messages';
import { vouchersMessages } from '../features/vouchers/vouchers.messages';
import { addMessages } from './messages';

/**
 * The bundles only pages loaded on demand use (dealers, stock, test drives, orders and payment,
 * finance, flash sales, vouchers): they load in one chunk with the first such page (routes/lazy-pages.ts),
 * in the language shown (load-messages.ts), and join the catalogue before it renders. The consoles'
 * own come with console-messages.ts.
 * A first-view component must not use their keys: it would find no message
 * (test/web/first-load-budget.test.ts checks).
 */
export const PAGE_BUNDLES = [
  dealersMessages,
  stockMessages,
  testDrivesMessages,
  ordersMessages,
  financeMessages,
  campaignsMessages,
  vouchersMessages,
] as const;

for (const bundle of PAGE_BUNDLES) addMessages(bundle);
