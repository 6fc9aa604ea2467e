import { describe, expect, it } from 'vitest';
import type { ModelDetail } from '../../catalog/catalog.service.js';
import { demoModel, renault } from '../fixtures.js';
import { compileModel } from './compile.js';
import { fromModelDetail } from './from-model-detail.js';
import type { Locale } from './types.js';
import { validate } from './validate.js';

/** What GET /models/koleos answers in one locale (as catalog.service builds it from the seeded rows). */
function koleosDetail(locale: Locale): ModelDetail {
  const source = renault.models.find((m) => m.slug === 'koleos')!;
  const money = (amount: number) => ({ amount, currency: 'CNY' });
  return {
    slug: source.slug,
    name: source.name[locale],
    tagline: '',
    body: source.body,
    bodies: [source.body],
    powertrain: source.powertrain,
    seats: source.seats,
    nev: source.nev,
    origin: source.origin,
    fromPrice: money(Math.min(...source.trims.map((t) => t.basePrice))),
    priceIsEstimate: true,
    trims: source.trims.map((t) => ({ code: t.code, name: t.name[locale], engine: t.engine, price: money(t.basePrice), priceIsEstimate: true, specs: {} })),
    optionGroups: source.optionGroups.map((g) => ({
      code: g.code,
      name: g.name[locale],
      choice: g.choice,
      required: g.required,
      options: g.options.map((o) => ({
        code: o.code,
        name: o.name[locale],
        price: money(o.price),
        swatch: null,
        availability: Object.fromEntries(
          source.trims.map((t) => [t.code, t.standard.includes(o.code) ? 'standard' : t.unavailable.includes(o.code) ? 'unavailable' : 'optional']),
        ),
      })),
    })),
    rules: source.rules.map((r) => ({ kind: r.kind, option: r.option, targets: r.targets, note: r.note })),
  };
}

describe('fromModelDetail', () => {
  it('builds the same engine model as the data file, names per locale', () => {
    const model = fromModelDetail({ 'zh-CN': koleosDetail('zh-CN'), fr: koleosDetail('fr'), en: koleosDetail('en') });
    expect(model).toEqual(demoModel('koleos'));
  });

  it('uses one locale for every name when given a single detail', () => {
    const model = fromModelDetail(koleosDetail('fr'));
    expect(model.trims[0]!.name).toEqual({ 'zh-CN': '2.0L 4x2 Confort', fr: '2.0L 4x2 Confort', en: '2.0L 4x2 Confort' });
    const [violation] = validate(compileModel(model), { trim: 'koleos-20-2wd-comfort', options: ['acc-roofbox'] }, 'en').violations;
    expect(violation!.message).toMatch(/^The .*offre de toit requires the barres de toit transversales\.$/u);
  });
});
