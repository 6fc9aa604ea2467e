import fs from 'node:fs';
import type { TrimSpecs } from '../modules/catalog/catalog.specs.js';
import type { LocalizedText } from '../shared/locale.js';

// The shape of the demo data files in ./data. They are facts, not code: the seed reads them.

export interface SourceTrim {
  code: string;
  name: LocalizedText;
  engine: string;
  basePrice: number;
  priceIsEstimate?: boolean;
  standard: string[];
  unavailable: string[];
}

export interface SourceOption {
  code: string;
  name: LocalizedText;
  price: number;
}

export interface SourceOptionGroup {
  code: string;
  name: LocalizedText;
  choice: 'single' | 'multiple';
  required: boolean;
  options: SourceOption[];
}

export interface SourceRule {
  kind: 'requires' | 'excludes' | 'includes';
  option: string;
  targets: string[];
  note: string;
  noteI18n?: LocalizedText;
}

export interface SourceModel {
  slug: string;
  name: LocalizedText;
  body: string;
  powertrain: 'ICE' | 'HEV' | 'PHEV' | 'BEV';
  seats: number;
  nev: boolean;
  origin: string;
  trims: SourceTrim[];
  optionGroups: SourceOptionGroup[];
  rules: SourceRule[];
}

export interface SourceDealer {
  code: string;
  name: LocalizedText;
  city: LocalizedText;
  province: LocalizedText;
  lat: number;
  lng: number;
  phone: string;
  services: string[];
}

export interface SourceStore {
  store: { slug: string; name: LocalizedText; currency: string; timezone: string; tagline?: LocalizedText };
  models: SourceModel[];
  dealers: SourceDealer[];
}

export interface SourceCampaign {
  slug: string;
  name: LocalizedText;
  model: string;
  trim: string;
  options: string[];
  units: number;
  price: number;
  deposit: number;
  listPrice: number;
  note: string;
}

export interface RenaultSource extends SourceStore {
  /** Where each fact comes from, and which ones are estimates. */
  sources: Array<{ what: string; where: string }>;
  campaign: SourceCampaign;
  targets: {
    jointVentureAnnualByYear: Record<string, number>;
    market: Record<string, Record<string, number>>;
  };
}

/** A store's look, from data: a 1–3 character mark and #rrggbb colours. */
export interface SourceBranding {
  mark: string;
  primaryColor: string;
  accentColor: string;
}

export interface Extras {
  stores: Record<string, { tagline?: LocalizedText; branding?: SourceBranding; hero?: { title: LocalizedText; subtitle: LocalizedText } }>;
  /** bodyTags: the further body types a model is listed under besides the one it is drawn as. */
  /**
   * trimSpecs: the key specifications every trim of the model has, only as far as the data says
   * them (trimSpecsSource names where each figure comes from); a figure left out is not published.
   */
  models: Record<string, { tagline: LocalizedText; bodyTags?: string[]; trimSpecs?: TrimSpecs; trimSpecsSource?: string }>;
  ruleNotes: Record<string, LocalizedText[]>;
  swatches: Record<string, string>;
  secondStore: SourceStore;
}

function readJson<T>(name: string): T {
  return JSON.parse(fs.readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as T;
}

export function loadDemoData(): { renault: RenaultSource; extras: Extras } {
  return { renault: readJson<RenaultSource>('renault-china-2018.json'), extras: readJson<Extras>('vitrine-extras.json') };
}
