import fs from 'node:fs';
import type { RenaultSource, SourceModel, SourceTrim } from '../../seed/demo-data.js';
import type { Availability, ConfigModel } from './engine/types.js';

// Test and bench fixtures: the real demo catalog, read from the seed data file. Not used at run time.

export const renault: RenaultSource = JSON.parse(
  fs.readFileSync(new URL('../../seed/data/renault-china-2018.json', import.meta.url), 'utf8'),
) as RenaultSource;

/** The engine model of a demo model, with the same defaulting as the catalog (no row = optional). */
export function demoModel(slug: string): ConfigModel {
  const source = renault.models.find((m) => m.slug === slug);
  if (!source) throw new Error(`no demo model ${slug}`);
  return fromSource(source, renault.store.currency);
}

export function fromSource(source: SourceModel, currency: string): ConfigModel {
  return {
    slug: source.slug,
    name: source.name,
    nev: source.nev,
    seats: source.seats,
    currency,
    trims: source.trims.map((t) => ({ code: t.code, name: t.name, price: t.basePrice })),
    groups: source.optionGroups.map((g) => ({
      code: g.code,
      name: g.name,
      choice: g.choice,
      required: g.required,
      options: g.options.map((o) => ({
        code: o.code,
        name: o.name,
        price: o.price,
        availability: Object.fromEntries(source.trims.map((t) => [t.code, availabilityOf(t, o.code)])),
      })),
    })),
    rules: source.rules.map((r) => ({ kind: r.kind, option: r.option, targets: [...r.targets] })),
  };
}

function availabilityOf(trim: SourceTrim, code: string): Availability {
  if (trim.standard.includes(code)) return 'standard';
  return trim.unavailable.includes(code) ? 'unavailable' : 'optional';
}

export const DEMO_SLUGS = renault.models.map((m) => m.slug);
