import { LOCALES, type Locale, type LocalizedText } from '../../../shared/locale.js';
import type { Availability, ConfigModel, RuleKind } from './types.js';

interface Money {
  amount: number;
  currency: string;
}

/**
 * The parts of the catalog's model detail (GET …/models/{model}) the engine reads, stated
 * here so the engine depends on no server module and bundles into the web app as it is.
 */
export interface ModelDetail {
  slug: string;
  name: string;
  nev: boolean;
  seats: number;
  fromPrice: Money;
  trims: Array<{ code: string; name: string; price: Money }>;
  optionGroups: Array<{
    code: string;
    name: string;
    choice: 'single' | 'multiple';
    required: boolean;
    options: Array<{ code: string; name: string; price: Money; availability: Record<string, Availability> }>;
  }>;
  rules: Array<{ kind: RuleKind; option: string; targets: string[] }>;
}

/**
 * Builds the engine's model from the catalog's API shape. A ModelDetail is localized to one
 * locale; pass one per locale to get messages with names in each, or a single detail and its
 * names serve every locale (the messages' own words are still localized).
 */
export function fromModelDetail(details: ModelDetail | Partial<Record<Locale, ModelDetail>>): ConfigModel {
  const byLocale: Partial<Record<Locale, ModelDetail>> = 'slug' in details ? {} : details;
  const base = 'slug' in details ? details : LOCALES.map((l) => byLocale[l]).find((d) => d !== undefined);
  if (!base) throw new Error('fromModelDetail: no model detail given');

  // Every detail describes the same model in another language: names are matched by code.
  const text = (pick: (d: ModelDetail) => string | undefined): LocalizedText => {
    const fallback = pick(base) ?? '';
    return Object.fromEntries(LOCALES.map((l) => [l, (byLocale[l] && pick(byLocale[l])) ?? fallback])) as LocalizedText;
  };

  return {
    slug: base.slug,
    name: text((d) => d.name),
    nev: base.nev,
    seats: base.seats,
    currency: base.trims[0]?.price.currency ?? base.fromPrice.currency,
    trims: base.trims.map((trim) => ({
      code: trim.code,
      name: text((d) => d.trims.find((x) => x.code === trim.code)?.name),
      price: trim.price.amount,
    })),
    groups: base.optionGroups.map((group) => ({
      code: group.code,
      name: text((d) => d.optionGroups.find((x) => x.code === group.code)?.name),
      choice: group.choice,
      required: group.required,
      options: group.options.map((option) => ({
        code: option.code,
        name: text((d) => optionName(d, option.code)),
        price: option.price.amount,
        availability: { ...option.availability },
      })),
    })),
    rules: base.rules.map((rule) => ({ kind: rule.kind, option: rule.option, targets: [...rule.targets] })),
  };
}

function optionName(detail: ModelDetail, code: string): string | undefined {
  for (const group of detail.optionGroups) for (const option of group.options) if (option.code === code) return option.name;
  return undefined;
}
