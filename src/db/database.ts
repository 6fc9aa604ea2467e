import type { Generated, Kysely, Transaction } from 'kysely';

/*
 * Column conventions, the same on SQLite and PostgreSQL:
 * - ids are UUIDv7 text made by the application (src/shared/ids.ts);
 * - money is bigint minor units (fen), read back as a JS number;
 * - timestamps are ISO 8601 UTC text; booleans are 0/1 integers;
 * - localized text is a JSON object { "zh-CN", "fr", "en" } stored as text.
 */

export interface StoreTable {
  id: string;
  slug: string;
  brand: string;
  name: string;
  tagline: string;
  currency: string;
  timezone: string;
  /** Bumped by every catalog change: the ETag and cache key of catalog reads. */
  catalog_version: Generated<number>;
  /** Store policy: licence plate fee in the on-the-road estimate, minor units. */
  plate_fee: Generated<number>;
  /** 'active' | 'inactive': an inactive store is switched off for buyers, kept for its staff. */
  status: Generated<string>;
  /** Branding, null until set: a 1–3 character mark, #rrggbb colours, hero as JSON. */
  brand_mark: string | null;
  primary_color: string | null;
  accent_color: string | null;
  hero: string | null;
  created_at: string;
}

export interface ModelTable {
  id: string;
  store_id: string;
  slug: string;
  name: string;
  tagline: string;
  body: string;
  /** Further body types it is listed under, as a JSON array ("[\"suv\"]" for a crossover sold as a city SUV). */
  body_tags: string;
  powertrain: string;
  seats: number;
  is_nev: number;
  origin: string;
  position: number;
  status: string;
  created_at: string;
}

export interface TrimTable {
  id: string;
  model_id: string;
  code: string;
  name: string;
  engine: string;
  base_price: number;
  price_is_estimate: number;
  position: number;
  status: string;
  /** JSON: the published key specifications (catalog.specs.ts); '{}' when none are. */
  specs: Generated<string>;
}

export interface OptionGroupTable {
  id: string;
  model_id: string;
  code: string;
  name: string;
  choice: string;
  required: number;
  position: number;
}

export interface OptionTable {
  id: string;
  model_id: string;
  group_id: string;
  code: string;
  name: string;
  price: number;
  /** CSS colour of a paint, for drawn previews; null for other options. */
  swatch: string | null;
  position: number;
  status: string;
}

export interface TrimOptionTable {
  trim_id: string;
  option_id: string;
  availability: string;
}

export interface OptionRuleTable {
  id: string;
  model_id: string;
  kind: string;
  option_code: string;
  targets: string;
  note: string;
  position: number;
}

export interface DealerTable {
  id: string;
  store_id: string;
  code: string;
  name: string;
  city: string;
  province: string;
  lat: number;
  lng: number;
  phone: string;
  services: string;
  status: string;
  created_at: string;
  /** Slug of the city's English name; null on rows older than the dealer-profiles migration. */
  city_code: string | null;
  /** LocalizedText as JSON. */
  address: string | null;
  /** { mon: [open, close] | null, ... } in Asia/Shanghai, as JSON; null day = closed. */
  opening_hours: string | null;
}

/** Store policy per city: plate fees in minor units for conventional cars and NEVs, and how plates are had there. */
export interface PlateFeeTable {
  store_id: string;
  city_code: string;
  /** LocalizedText as JSON. */
  city: string;
  ice_fee: number;
  nev_fee: number;
  /** LocalizedText as JSON. */
  note: string;
  /** 1 when the figure is an estimate (an auction average, a guess), 0 for a tariff. */
  estimate: Generated<number>;
  updated_at: string;
}

/** Bumped by database triggers on any change to a store's dealer rows: the key of cached directories. */
export interface DealerDirectoryTable {
  store_id: string;
  version: Generated<number>;
}

/**
 * Bumped by database triggers on any change to a store's campaigns (campaign_version) or voucher
 * offers (voucher_offer_version) other than a move of their unit counters: what a rendered store
 * home is kept under.
 */
export interface BannerVersionTable {
  store_id: string;
  version: Generated<number>;
}

export interface VehicleUnitTable {
  vin: string;
  store_id: string;
  model_id: string;
  trim_id: string;
  dealer_id: string;
  option_codes: string;
  purpose: string;
  status: string;
  hold_expires_at: string | null;
  built_on: string;
  created_at: string;
  updated_at: string;
  /** The code of the unit's paint option; null when its model has no paint group. */
  colour: string | null;
  /** fen; null only on rows no migration or seed has priced. */
  price: number | null;
  /** Set while the unit is on its way to dealer_id: expected arrival, UTC ISO. */
  eta: string | null;
}

export interface CampaignTable {
  id: string;
  store_id: string;
  slug: string;
  kind: string;
  name: string;
  description: string;
  model_id: string;
  trim_id: string;
  option_codes: string;
  list_price: number;
  price: number;
  deposit: number;
  units_total: number;
  starts_at: string;
  ends_at: string;
  created_at: string;
  /** How many units one buyer may hold or own at once. */
  per_buyer_limit: Generated<number>;
  /** Minutes a winner has to pay the deposit before the unit goes back on sale. */
  pay_minutes: Generated<number>;
  /** Set when the brand ends the sale early. */
  ended_at: string | null;
  /** Units claimed and waiting for their deposit; units_held + units_sold <= units_total. */
  units_held: Generated<number>;
  /** Units whose deposit is paid. */
  units_sold: Generated<number>;
  updated_at: string | null;
}

/** One of a campaign's editions: a fixed configuration of the campaign's model, sharing its units. */
export interface CampaignEditionTable {
  campaign_id: string;
  /** 1 to 6: the order the buyer sees them in. */
  position: number;
  /** What a claim names, unique in the campaign: by default the edition's paint option. */
  code: string;
  trim_id: string;
  /** JSON array of option codes. */
  option_codes: string;
}

export interface SalesTargetTable {
  id: string;
  store_id: string;
  year: number;
  scope: string;
  units: number;
  note: string;
}

export interface MarketFigureTable {
  year: number;
  metric: string;
  value: number;
}

export interface UserAccountTable {
  id: string;
  role: string;
  phone: string | null;
  email: string | null;
  password_hash: string | null;
  display_name: string;
  locale: string;
  store_id: string | null;
  dealer_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string;
  user_id: string;
  /** SHA-256 of the cookie's token: a stolen database yields no usable session. */
  token_hash: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  idle_expires_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string;
  user_agent: string;
}

export interface ApiTokenTable {
  id: string;
  created_by: string;
  role: string;
  store_id: string;
  dealer_id: string | null;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface OtpChallengeTable {
  id: string;
  /** A +86 mobile number or an email address, normalized. */
  destination: string;
  code_hash: string;
  attempts: number;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

export interface LoginChallengeTable {
  id: string;
  user_id: string;
  /** SHA-256 of the challenge handed to the client between the password and the second factor. */
  token_hash: string;
  method: string;
  /** For an SMS code: SHA-256 of `${id}:${code}`. */
  code_hash: string | null;
  attempts: number;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

export interface TotpFactorTable {
  user_id: string;
  /** Base32 RFC 6238 secret, once confirmed with a code. */
  secret: string | null;
  /** A secret being enrolled: replaces `secret` only when a code from it is confirmed. */
  pending_secret: string | null;
  /** The last 30-second step accepted: a code is never accepted twice. */
  last_step: number | null;
  confirmed_at: string | null;
  updated_at: string;
}

export interface AuditEventTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string;
  store_id: string | null;
  dealer_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  ip: string;
  details: string;
}

export interface ConfigurationTable {
  /** Short shareable code: the primary key, so a duplicate is refused by the database. */
  code: string;
  store_id: string;
  model_id: string;
  trim_code: string;
  option_codes: string;
  /** The priced configuration as saved, with names in every locale: never re-priced. */
  snapshot: string;
  catalog_version: number;
  created_by: string | null;
  created_at: string;
}

/** A job of the outbox; see src/modules/jobs. */
export interface JobTable {
  id: string;
  kind: string;
  /** JSON. */
  payload: string;
  /** 'pending' | 'running' | 'done' | 'dead'. */
  status: Generated<string>;
  attempts: Generated<number>;
  max_attempts: number;
  run_at: string;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  store_id: string | null;
  dealer_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A buyer's request for a dealer's call, or the lead a test drive opens; see src/modules/leads. */
export interface LeadTable {
  id: string;
  store_id: string;
  dealer_id: string;
  buyer_id: string;
  source: string;
  model_id: string | null;
  configuration_code: string | null;
  vin: string | null;
  test_drive_id: string | null;
  phone: string | null;
  message: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  first_contacted_at: string | null;
}

export interface LeadEventTable {
  id: string;
  lead_id: string;
  actor_id: string | null;
  kind: string;
  status: string | null;
  note: string | null;
  created_at: string;
}

/** A store's test-drive rules; a store without a row uses the defaults. See src/modules/test-drives. */
export interface TestDrivePolicyTable {
  store_id: string;
  max_upcoming_per_model: number;
  max_upcoming: number;
  max_in_window: number;
  window_days: number;
  lead_minutes: number;
  horizon_days: number;
  slot_minutes: number;
  updated_at: string;
}

/** A buyer's booking of a demo car for one slot at a dealer. */
export interface TestDriveTable {
  id: string;
  store_id: string;
  dealer_id: string;
  model_id: string;
  buyer_id: string;
  /** UTC ISO instant of the slot's start. */
  slot_start: string;
  slot_minutes: number;
  /** 'booked' | 'confirmed' | 'completed' | 'no_show' | 'cancelled'. */
  status: string;
  /** Only when the buyer agreed to share it with the dealer. */
  phone: string | null;
  buyer_notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface TestDriveEventTable {
  id: string;
  test_drive_id: string;
  actor_id: string | null;
  /** 'status' | 'rescheduled' | 'note'. */
  kind: string;
  status: string | null;
  slot_start: string | null;
  note: string | null;
  created_at: string;
}

/** A store's checkout rules; a store without a row uses the defaults. See src/modules/orders. */
export interface OrderPolicyTable {
  store_id: string;
  hold_minutes: number;
  refund_window_days: number;
  build_weeks: number;
  pickup_max_attempts: number;
  /** JSON [{ code, label: LocalizedText }]. */
  inspection_items: string;
  updated_at: string;
}

export interface ModelDepositTable {
  model_id: string;
  store_id: string;
  amount: number;
  updated_at: string;
}

/** A buyer's order of one car, picked up at one dealer; see src/modules/orders. */
export interface CustomerOrderTable {
  id: string;
  /** Short reference the buyer and dealer quote, e.g. R-8K2M4Q. */
  reference: string;
  store_id: string;
  buyer_id: string;
  dealer_id: string;
  model_id: string;
  trim_id: string;
  /** 'configuration' | 'stock_unit' | 'campaign'. */
  source: string;
  /** The flash sale this order claimed a unit of (source 'campaign'). */
  campaign_id: string | null;
  configuration_code: string | null;
  vin: string | null;
  /** 'cash' | 'loan' | 'lease'. */
  plan: string;
  status: string;
  currency: string;
  vehicle_price: number;
  deposit_amount: number;
  /** JSON: the priced order as placed, never changed. */
  snapshot: string;
  buyer_phone: string | null;
  hold_expires_at: string | null;
  /** Asia/Shanghai date, for cars built to order. */
  estimated_delivery: string | null;
  deposit_paid_at: string | null;
  refund_window_ends_at: string | null;
  confirmed_at: string | null;
  allocated_at: string | null;
  /** 'online' | 'dealer' | 'financed'. */
  balance_method: string | null;
  /** JSON array of the ticked inspection item codes. */
  inspection: Generated<string>;
  handover_at: string | null;
  delivered_at: string | null;
  temp_plate: string | null;
  temp_plate_expires_on: string | null;
  pickup_code: string;
  pickup_failures: Generated<number>;
  pickup_locked_until: string | null;
  /** 'buyer' | 'dealer' | 'brand' | 'system'. */
  cancelled_by: string | null;
  cancel_reason: string | null;
  amount_authorized: Generated<number>;
  amount_captured: Generated<number>;
  amount_refunded: Generated<number>;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrderEventTable {
  id: string;
  order_id: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  actor_id: string | null;
  actor_role: string | null;
  /** JSON, or null. */
  detail: string | null;
  created_at: string;
}

export interface PaymentTable {
  id: string;
  /** The order, or the voucher (voucher_id), this money is about: exactly one of them. */
  order_id: string | null;
  voucher_id: string | null;
  store_id: string;
  buyer_id: string;
  /** 'deposit' | 'balance'. */
  purpose: string;
  provider: string;
  amount: number;
  currency: string;
  /** 'pending' | 'succeeded' | 'failed' | 'expired'. */
  status: string;
  transaction_id: string | null;
  /** JSON { url, qrContent }. */
  checkout: string;
  expires_at: string;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface LedgerEntryTable {
  id: string;
  /** The order, or the voucher (voucher_id), this money is about: exactly one of them. */
  order_id: string | null;
  voucher_id: string | null;
  payment_id: string | null;
  /** 'authorized' | 'captured' | 'refunded'. */
  kind: string;
  amount: number;
  currency: string;
  source: string;
  reference: string;
  created_at: string;
}

export interface RefundTable {
  /** Also the provider's out_request_no / out_refund_no. */
  id: string;
  /** The order, or the voucher (voucher_id), this money is about: exactly one of them. */
  order_id: string | null;
  voucher_id: string | null;
  payment_id: string;
  provider: string;
  amount: number;
  currency: string;
  reason: string;
  /** 'pending' | 'succeeded' | 'refused'. */
  status: string;
  provider_refund_id: string | null;
  last_error: string | null;
  requested_by: string | null;
  created_at: string;
  updated_at: string;
}

// --- voucher tables (src/modules/vouchers) ---

export interface VoucherPolicyTable {
  store_id: string;
  /** An unused voucher may be refunded on request within this many days of paying. */
  refund_days: number;
  /** 1: an unused voucher that expires is refunded in full; 0: it lapses. */
  refund_on_expiry: number;
  updated_at: string;
}

export interface VoucherOfferTable {
  id: string;
  store_id: string;
  slug: string;
  /** JSON LocalizedText. */
  name: string;
  /** JSON LocalizedText: what the voucher is good for, shown before buying. */
  terms: string;
  /** fen paid online. */
  price: number;
  /** fen it is worth at the dealer. */
  value: number;
  currency: string;
  /** null: as many as buyers want. */
  units_total: number | null;
  /** Vouchers bought or being paid for. */
  units_taken: Generated<number>;
  per_buyer_limit: number;
  pay_minutes: number;
  sale_starts_at: string;
  sale_ends_at: string;
  /** Every voucher of this offer expires then. */
  valid_until: string;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface VoucherTable {
  id: string;
  offer_id: string;
  store_id: string;
  buyer_id: string;
  /** Verification code shown at the dealer (and as a QR code), unique in its store. */
  code: string;
  /** 'pending_payment' | 'active' | 'redeemed' | 'expired' | 'refunded' | 'lapsed'. */
  status: string;
  price: number;
  value: number;
  currency: string;
  pay_expires_at: string;
  paid_at: string | null;
  refund_ends_at: string | null;
  expires_at: string;
  redeemed_at: string | null;
  redeemed_by: string | null;
  /** The dealer that redeemed it. */
  dealer_id: string | null;
  /** The order it paid part of, when redeemed against one. */
  order_id: string | null;
  /** The dealer's own reference of a sale made at the counter. */
  sale_reference: string | null;
  amount_captured: Generated<number>;
  amount_refunded: Generated<number>;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
}

// --- analytics tables (src/modules/analytics) ---

export type AnalyticsEventKind =
  | 'model_viewed'
  | 'configuration_saved'
  | 'lead_created'
  | 'test_drive_booked'
  | 'test_drive_completed'
  | 'deposit_paid'
  | 'delivered'
  | 'campaign_claimed';

/** A first-party event: what a buyer did, for the brand's dashboards. */
export interface AnalyticsEventTable {
  id: string;
  store_id: string;
  kind: AnalyticsEventKind;
  /** UTC ISO instant. */
  occurred_at: string;
  /** The Asia/Shanghai calendar day of occurred_at, YYYY-MM-DD: the dashboards count by it. */
  day: string;
  model_id: string | null;
  trim_id: string | null;
  dealer_id: string | null;
  /** The dealer's city code, or the buyer's chosen city for views. */
  city_code: string | null;
  province: string | null;
  /** 'phone' | 'desktop' | 'unknown'. */
  channel: string;
  /** The order, lead, test drive or configuration it is about: a domain event is recorded once. */
  subject_id: string | null;
  /** fen, for deposits and deliveries. */
  amount: number | null;
}

/**
 * Events counted per Shanghai day (analytics_day_rollup) or month (analytics_month_rollup,
 * `month` YYYY-MM instead of `day`), kept by triggers in step with analytics_event.
 * Missing model, dealer, city or province are '' (keys cannot be null).
 */
export interface AnalyticsRollupKey {
  store_id: string;
  kind: AnalyticsEventKind;
  model_id: string;
  dealer_id: string;
  city_code: string;
  province: string;
  channel: string;
  /** bigint: PostgreSQL answers it as text. */
  events: number | string;
  amount: number | string;
}

export interface AnalyticsDayRollupTable extends AnalyticsRollupKey {
  day: string;
}

export interface AnalyticsMonthRollupTable extends AnalyticsRollupKey {
  month: string;
}

// --- finance tables (src/modules/finance) ---

/** Store policy for finance quotes: rates and shares of the price in basis points, month bounds. */
export interface FinancePolicyTable {
  store_id: string;
  /** Annual rate: 499 = 4.99%. */
  loan_apr_bp: number;
  loan_min_down_bp: number;
  /** The minimum down payment of a new-energy vehicle. */
  loan_nev_min_down_bp: number;
  loan_min_months: number;
  loan_max_months: number;
  lease_apr_bp: number;
  lease_down_bp: number;
  /** What the buyer pays to own the car after the last rent. */
  lease_balloon_bp: number;
  lease_months: number;
  /** Over how many months a buyer who keeps renting after the lease pays the balloon off. */
  keep_renting_months: number;
  updated_at: string;
}

// --- end finance tables ---

// --- idempotency tables (src/modules/idempotency) ---

/** An Idempotency-Key of one account: its in-flight claim, then the first answer, kept 24 h. */
export interface IdempotencyKeyTable {
  user_id: string;
  key: string;
  fingerprint: string;
  /** 'in_flight' | 'done'. */
  status: string;
  /** The holder of an in-flight claim; null once done. */
  claim_id: string | null;
  response_status: number | null;
  response_type: string | null;
  response_location: string | null;
  response_body: string | null;
  /** The lease of an in-flight claim: past it, the claim's process is taken for dead. */
  locked_until: string | null;
  created_at: string;
  expires_at: string;
}

// --- end idempotency tables ---

export interface Database {
  order_policy: OrderPolicyTable;
  model_deposit: ModelDepositTable;
  customer_order: CustomerOrderTable;
  order_event: OrderEventTable;
  payment: PaymentTable;
  ledger_entry: LedgerEntryTable;
  refund: RefundTable;
  analytics_event: AnalyticsEventTable;
  analytics_day_rollup: AnalyticsDayRollupTable;
  analytics_month_rollup: AnalyticsMonthRollupTable;
  voucher_policy: VoucherPolicyTable;
  voucher_offer: VoucherOfferTable;
  voucher_offer_version: BannerVersionTable;
  voucher: VoucherTable;
  // --- finance tables in Database ---
  finance_policy: FinancePolicyTable;
  // --- idempotency tables in Database ---
  idempotency_key: IdempotencyKeyTable;
  test_drive_policy: TestDrivePolicyTable;
  test_drive: TestDriveTable;
  test_drive_event: TestDriveEventTable;
  lead: LeadTable;
  lead_event: LeadEventTable;
  job: JobTable;
  store: StoreTable;
  model: ModelTable;
  trim: TrimTable;
  option_group: OptionGroupTable;
  option: OptionTable;
  trim_option: TrimOptionTable;
  option_rule: OptionRuleTable;
  dealer: DealerTable;
  dealer_directory: DealerDirectoryTable;
  plate_fee: PlateFeeTable;
  vehicle_unit: VehicleUnitTable;
  campaign: CampaignTable;
  campaign_edition: CampaignEditionTable;
  campaign_version: BannerVersionTable;
  sales_target: SalesTargetTable;
  market_figure: MarketFigureTable;
  user_account: UserAccountTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  otp_challenge: OtpChallengeTable;
  login_challenge: LoginChallengeTable;
  totp_factor: TotpFactorTable;
  audit_event: AuditEventTable;
  configuration: ConfigurationTable;
}

export type Db = Kysely<Database>;
/** A function that takes Tx must be called inside a transaction: the type says so. */
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;
