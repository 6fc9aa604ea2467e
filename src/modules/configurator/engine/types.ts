import type { Locale, LocalizedText } from '../../../shared/locale.js';

export type { Locale, LocalizedText };

export type Availability = 'standard' | 'optional' | 'unavailable';
export type RuleKind = 'requires' | 'excludes' | 'includes';

/** The engine's view of a model: what a buyer can choose and the rules between choices. Money in fen. */
export interface ConfigModel {
  slug: string;
  name: LocalizedText;
  nev: boolean;
  seats: number;
  currency: string;
  trims: ConfigTrim[];
  groups: ConfigGroup[];
  rules: ConfigRule[];
}

export interface ConfigTrim {
  code: string;
  name: LocalizedText;
  price: number;
}

export interface ConfigGroup {
  code: string;
  name: LocalizedText;
  choice: 'single' | 'multiple';
  required: boolean;
  options: ConfigOption[];
}

export interface ConfigOption {
  code: string;
  name: LocalizedText;
  price: number;
  /** Per trim code; a trim missing from the record means optional, as in the catalog. */
  availability: Record<string, Availability>;
}

export interface ConfigRule {
  kind: RuleKind;
  /** The option the rule is about. */
  option: string;
  /** Option or trim codes. */
  targets: string[];
}

/** What the buyer asked for: a trim and the options picked explicitly. */
export interface Selection {
  trim: string;
  options: string[];
}

export type ViolationCode =
  | 'CONFIGURATOR_UNKNOWN_TRIM'
  | 'CONFIGURATOR_UNKNOWN_OPTION'
  | 'CONFIGURATOR_DUPLICATE_OPTION'
  | 'CONFIGURATOR_UNAVAILABLE_ON_TRIM'
  | 'CONFIGURATOR_GROUP_CONFLICT'
  | 'CONFIGURATOR_GROUP_REQUIRED'
  | 'CONFIGURATOR_REQUIRES_UNMET'
  | 'CONFIGURATOR_EXCLUDES_CONFLICT'
  | 'CONFIGURATOR_TOO_MANY_OPTIONS';

export interface Violation {
  code: ViolationCode;
  /** The catalog rule that is broken, for REQUIRES_UNMET and EXCLUDES_CONFLICT. */
  rule?: ConfigRule;
  /** Option codes involved, subject first. */
  options: string[];
  /** The trim involved, when there is one. */
  trim?: string;
  /** The option group involved, for GROUP_CONFLICT and GROUP_REQUIRED. */
  group?: string;
  message: string;
}

export interface Validation {
  valid: boolean;
  violations: Violation[];
}

export interface Change {
  kind: 'switch_trim' | 'add' | 'remove';
  /** For add and remove. */
  option?: string;
  /** For switch_trim: the new trim. */
  trim?: string;
  /** switch_trim: the previous trim; add: the pick it replaces in a single-choice group. */
  from?: string;
  because: string;
}

export interface Resolution {
  selection: Selection;
  changes: Change[];
  summary: string;
  /** False when no valid configuration keeps the intent, which was then left out. */
  intentKept: boolean;
  /** What is fitted to the car that was not before, and what no longer is (standard fitments included). */
  effects: { added: string[]; removed: string[] };
}

/** resolveWithin's answer: a resolution, or none when the search spent its whole work budget. */
export type ResolveOutcome =
  | { exhausted: false; steps: number; resolution: Resolution }
  | { exhausted: true; steps: number };

export interface PriceInput {
  /** fen, ≥ 0 */
  campaignDiscount?: number;
  /** fen, ≥ 0: the store's plate-registration fee policy. */
  plateFee: number;
}

export interface PriceLine {
  code: string;
  /** What the buyer pays for this line, in fen: 0 when standard or covered by an including option. */
  price: number;
  /** The option's catalog price. */
  catalogPrice: number;
  standard: boolean;
  covered: boolean;
  /** The option whose price covers this one. */
  coveredBy?: string;
}

export interface PriceBreakdown {
  currency: string;
  trim: { code: string; price: number };
  options: PriceLine[];
  optionsTotal: number;
  listPrice: number;
  campaignDiscount: number;
  vehiclePrice: number;
  purchaseTax: number;
  compulsoryInsurance: number;
  plateFee: number;
  onTheRoad: number;
}

export interface LintReport {
  unreachableOptions: { option: string; message: string }[];
  contradictoryRules: { rules: ConfigRule[]; message: string }[];
  validConfigurationsByTrim: Record<string, number>;
  /**
   * False when lint stopped at its budget (LINT_BUDGET, far beyond the demo catalogs) before it
   * decided whether every option is reachable: unreachableOptions then means "not reached" and the
   * catalog refuses the model as too complex. lint always sets it.
   */
  complete?: boolean;
  /**
   * False when counting every car took more than its share of the budget: validConfigurationsByTrim
   * are then lower bounds, and reachability was decided option by option. lint always sets it.
   */
  countsComplete?: boolean;
  /** Work units (search.ts) the lint spent; lint always sets it. */
  steps?: number;
}
