import { campaignTeaserMessages } from '../features/campaigns/campaign-teaser.messages';
import { trimSpecsMessages } from '../features/catalog/trim-specs.messages';
import { dealerBitsMessages } from '../features/dealers/dealer-bits.messages';
import { contactMeMessages } from '../features/leads/contact-me.messages';
import { inStockNearYouMessages } from '../features/stock/in-stock-near-you.messages';
import { testDriveLinksMessages } from '../features/test-drives/test-drive-links.messages';
import { voucherTeaserMessages } from '../features/vouchers/voucher-teaser.messages';
import { appMessages } from './app.messages';
import { addMessages } from './messages';

/**
 * The bundles the first views show (the hall, a store's home, a model page) and the app's frame:
 * the browser loads them, in the buyer's language, before it renders (main.tsx). The bundles of
 * the pages loaded on demand join with them (page-messages.ts, console-messages.ts).
 */
export const STOREFRONT_BUNDLES = [
  appMessages,
  dealerBitsMessages,
  inStockNearYouMessages,
  testDriveLinksMessages,
  contactMeMessages,
  campaignTeaserMessages,
  voucherTeaserMessages,
  trimSpecsMessages,
] as const;

for (const bundle of STOREFRONT_BUNDLES) addMessages(bundle);
