import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_SLUGS, demoModel } from '../fixtures.js';
import { compileModel, type CompiledModel } from './compile.js';
import { lint } from './lint.js';
import { price } from './price.js';
import { ADVERSARIAL_SHAPES, adversarialCatalog } from '../adversarial.js';
import { resolve, resolveWithin } from './resolve.js';
import type { Availability, ConfigModel, ConfigRule, Resolution, Selection } from './types.js';
import { validate } from './validate.js';

// ---------------------------------------------------------------------------------------------
// Random small catalogs, small enough to enumerate every selection by brute force.

const text = (s: string) => ({ 'zh-CN': `${s}中`, fr: `${s} fr`, en: s });

const arbCatalog: fc.Arbitrary<ConfigModel> = fc
  .record({
    trims: fc.integer({ min: 1, max: 3 }),
    groups: fc.array(fc.record({ single: fc.boolean(), required: fc.boolean(), size: fc.integer({ min: 1, max: 3 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  })
  .chain((shape) => {
    const n = shape.groups.reduce((sum, g) => sum + g.size, 0);
    return fc.record({
      shape: fc.constant(shape),
      availability: fc.array(fc.constantFrom<Availability>('optional', 'optional', 'standard', 'unavailable'), {
        minLength: n * shape.trims,
        maxLength: n * shape.trims,
      }),
      prices: fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: n, maxLength: n }),
      trimPrices: fc.array(fc.integer({ min: 5_000_000, max: 50_000_000 }), { minLength: shape.trims, maxLength: shape.trims }),
      rules: fc.array(
        fc.record({
          kind: fc.constantFrom<ConfigRule['kind']>('requires', 'excludes', 'includes'),
          option: fc.nat(n - 1),
          targets: fc.uniqueArray(fc.nat(n + shape.trims - 1), { minLength: 1, maxLength: 2 }),
        }),
        { maxLength: 4 },
      ),
    });
  })
  .map(({ shape, availability, prices, trimPrices, rules }) => {
    const trims = Array.from({ length: shape.trims }, (_, t) => `t${t}`);
    const codes: string[] = [];
    let o = 0;
    const groups = shape.groups.map((g, gi) => ({
      code: `g${gi}`,
      name: text(`Group ${gi}`),
      choice: g.single ? ('single' as const) : ('multiple' as const),
      required: g.required,
      options: Array.from({ length: g.size }, () => {
        const index = o++;
        const code = `o${index}`;
        codes.push(code);
        return {
          code,
          name: text(`Option ${index}`),
          price: prices[index] ?? 0,
          availability: Object.fromEntries(trims.map((t, ti) => [t, availability[ti * prices.length + index] ?? 'optional'])),
        };
      }),
    }));
    const all = [...codes, ...trims];
    return {
      slug: 'random',
      name: text('Random'),
      nev: false,
      seats: 5,
      currency: 'CNY',
      trims: trims.map((code, t) => ({ code, name: text(`Trim ${t}`), price: trimPrices[t] ?? 0 })),
      groups,
      rules: rules.map((r) => ({ kind: r.kind, option: codes[r.option]!, targets: r.targets.map((i) => all[i]!) })),
    };
  });

/** Every (trim, explicit subset) of a small model that validates, with the options it fits. */
function bruteForce(c: CompiledModel): { selection: Selection; fitted: string[]; listPrice: number }[] {
  const codes = c.options.map((o) => o.code);
  const out: { selection: Selection; fitted: string[]; listPrice: number }[] = [];
  for (const trim of c.trims) {
    for (let mask = 0; mask < 1 << codes.length; mask++) {
      const selection = { trim: trim.code, options: codes.filter((_, i) => (mask & (1 << i)) !== 0) };
      if (!validate(c, selection, 'en').valid) continue;
      const quote = price(c, selection, { plateFee: 0 });
      out.push({ selection, fitted: quote.options.map((l) => l.code), listPrice: quote.listPrice });
    }
  }
  return out;
}

/** The cost resolve minimizes, restated: 1 per trim switch, max(dropped, added) per single-choice group, 1 per other edit. */
function cost(c: CompiledModel, from: Selection, to: Selection): number {
  let total = from.trim === to.trim ? 0 : 1;
  for (const group of c.groups) {
    const codes = group.members.map((o) => c.options[o]!.code);
    const dropped = codes.filter((x) => from.options.includes(x) && !to.options.includes(x)).length;
    const added = codes.filter((x) => !from.options.includes(x) && to.options.includes(x)).length;
    total += group.single ? Math.max(dropped, added) : dropped + added;
  }
  return total;
}

/** The selection resolve starts from: known codes once, the intent applied. */
function startOf(c: CompiledModel, selection: Selection, intent?: string): Selection {
  const options = [...new Set(selection.options)].filter((x) => c.optionIndex.has(x));
  if (intent && c.optionIndex.has(intent) && !options.includes(intent)) options.push(intent);
  return { trim: intent && c.trimIndex.has(intent) ? intent : selection.trim, options };
}

/** The selection with one change undone. */
function undo(selection: Selection, change: Resolution['changes'][number]): Selection | null {
  const options = selection.options;
  switch (change.kind) {
    case 'switch_trim':
      return change.from === undefined ? null : { trim: change.from, options };
    case 'add':
      return { trim: selection.trim, options: [...options.filter((x) => x !== change.option), ...(change.from ? [change.from] : [])] };
    case 'remove':
      return { trim: selection.trim, options: [...options, change.option!] };
  }
}

const arbSmallCase = arbCatalog.chain((model) => {
  const codes = model.groups.flatMap((g) => g.options.map((o) => o.code));
  const trims = model.trims.map((t) => t.code);
  return fc.record({
    model: fc.constant(model),
    trim: fc.constantFrom(...trims, 'no-such-trim'),
    options: fc.array(fc.constantFrom(...codes, 'no-such-option'), { maxLength: 6 }),
    intent: fc.option(fc.constantFrom(...codes, ...trims), { nil: undefined }),
  });
});

describe('lint (property)', () => {
  it('agrees with brute force on random small catalogs: reachable options and distinct cars per trim', () => {
    fc.assert(
      fc.property(arbCatalog, (model) => {
        const c = compileModel(model);
        const report = lint(c);
        const valid = bruteForce(c);
        const reachable = new Set(valid.flatMap((v) => v.fitted));
        expect(report.unreachableOptions.map((u) => u.option)).toEqual(c.options.map((o) => o.code).filter((x) => !reachable.has(x)));
        for (const trim of c.trims) {
          const cars = new Set(valid.filter((v) => v.selection.trim === trim.code).map((v) => v.fitted.join(',')));
          expect(report.validConfigurationsByTrim[trim.code]).toBe(cars.size);
        }
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('never spends more work than its budget, and a complete report has the findings an unbounded lint has', () => {
    fc.assert(
      fc.property(arbCatalog, fc.integer({ min: 0, max: 20_000 }), (model, budget) => {
        const c = compileModel(model);
        const bounded = lint(c, 'en', budget);
        const unbounded = lint(c, 'en', Number.MAX_SAFE_INTEGER);
        expect(bounded.steps).toBeLessThanOrEqual(budget);
        expect(unbounded.complete).toBe(true);
        expect(unbounded.countsComplete).toBe(true);
        if (bounded.countsComplete) expect(bounded).toEqual(unbounded);
        else if (bounded.complete) {
          // Reachability decided option by option: the same findings, counts that are lower bounds.
          expect(bounded.unreachableOptions).toEqual(unbounded.unreachableOptions);
          expect(bounded.contradictoryRules).toEqual(unbounded.contradictoryRules);
          for (const [trim, n] of Object.entries(bounded.validConfigurationsByTrim)) {
            expect(n).toBeLessThanOrEqual(unbounded.validConfigurationsByTrim[trim]!);
          }
        }
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('finishes or gives up within its budget on the hardest catalogs the limits allow', () => {
    const outcomes = ADVERSARIAL_SHAPES.map((shape) => {
      const report = lint(compileModel(adversarialCatalog(shape).model));
      expect(report.steps, shape).toBeLessThanOrEqual(100_000_000);
      return [shape, report.complete, report.countsComplete];
    });
    // Too many cars to count for all; every option's fate decided one by one, except round a cycle of wide requires.
    expect(outcomes).toEqual([
      ['excludes-chain', true, false],
      ['includes-cycle', true, false],
      ['requires-cycle', false, false],
      ['dense-excludes', true, false],
    ]);
  }, 60_000);

  it('reports a dead option planted in a random catalog', () => {
    const arbPlanted = fc.record({ model: arbCatalog, defect: fc.constantFrom('unavailable', 'ghost', 'trim', 'self') });
    fc.assert(
      fc.property(arbPlanted, ({ model: generated, defect }) => {
        const model = structuredClone(generated); // fast-check replays values while shrinking
        const trims = model.trims.map((t) => t.code);
        const [first = 't0'] = trims;
        const availability: Record<string, Availability> = Object.fromEntries(
          trims.map((t) => [t, defect === 'unavailable' || (defect === 'trim' && t === first) ? 'unavailable' : 'optional']),
        );
        model.groups.push({
          code: 'dead',
          name: text('Dead'),
          choice: 'multiple',
          required: false,
          options: [{ code: 'zz', name: text('Dead option'), price: 100, availability }],
        });
        const other = model.groups[0]!.options[0]!.code;
        if (defect === 'ghost') model.rules.push({ kind: 'requires', option: 'zz', targets: ['ghost'] });
        if (defect === 'trim') model.rules.push({ kind: 'requires', option: 'zz', targets: [first] });
        if (defect === 'self') model.rules.push({ kind: 'requires', option: 'zz', targets: [other] }, { kind: 'excludes', option: 'zz', targets: [other] });
        const report = lint(compileModel(model));
        expect(report.unreachableOptions.map((u) => u.option)).toContain('zz');
        // An option unavailable everywhere is reported as such, not through its rules.
        const everywhere = defect === 'unavailable' || (defect === 'trim' && trims.length === 1);
        if (!everywhere) expect(report.contradictoryRules.some((r) => r.rules.some((rule) => rule.option === 'zz'))).toBe(true);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});

describe('resolve (property)', () => {
  it('finds the smallest fix on random small catalogs, as brute force does, keeping the intent when anything valid does', () => {
    fc.assert(
      fc.property(arbSmallCase, ({ model, trim, options, intent }) => {
        const c = compileModel(model);
        const valid = bruteForce(c);
        fc.pre(valid.length > 0);
        const selection = { trim, options };
        const fix = resolve(c, selection, 'en', intent);
        expect(validate(c, fix.selection, 'en').valid).toBe(true);

        const start = startOf(c, selection, intent);
        const keeps = (s: Selection) => intent === undefined || s.options.includes(intent) || s.trim === intent;
        const keeping = valid.filter((v) => keeps(v.selection));
        expect(fix.intentKept).toBe(keeping.length > 0 || intent === undefined);
        const pool = keeping.length > 0 ? keeping : valid;
        if (fix.intentKept) expect(keeps(fix.selection)).toBe(true);

        // Fewest changes, then fewest explicit picks dropped, then cheapest: exactly brute force's optimum.
        const score = (s: Selection, listPrice: number) => [cost(c, start, s), start.options.filter((x) => !s.options.includes(x)).length, listPrice];
        const best = pool.map((v) => score(v.selection, v.listPrice)).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!)[0]!;
        const mine = score(fix.selection, price(c, fix.selection, { plateFee: 0 }).listPrice);
        expect(mine).toEqual(best);
        expect(fix.changes.filter((ch) => ch.kind === 'switch_trim' || c.optionIndex.has(ch.option!)).length).toBe(best[0]);
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('never spends more work than its budget, and within it finds what an unbounded search finds', () => {
    fc.assert(
      fc.property(arbSmallCase, fc.integer({ min: 0, max: 3_000 }), ({ model, trim, options, intent }, budget) => {
        const c = compileModel(model);
        fc.pre(bruteForce(c).length > 0);
        const selection = { trim, options };
        const bounded = resolveWithin(c, selection, 'en', intent, budget);
        const unbounded = resolveWithin(c, selection, 'en', intent, Number.MAX_SAFE_INTEGER);
        expect(bounded.steps).toBeLessThanOrEqual(budget);
        expect(unbounded.exhausted).toBe(false);
        if (bounded.exhausted) expect(unbounded.steps).toBeGreaterThan(budget);
        else expect(bounded).toEqual(unbounded);
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('gives up within its budget on the hardest catalogs the limits allow, for everything a request may pick', () => {
    for (const shape of ADVERSARIAL_SHAPES) {
      const { model, selection, intent } = adversarialCatalog(shape);
      const c = compileModel(model);
      for (const outcome of [resolveWithin(c, selection, 'en', intent), resolveWithin(c, selection, 'en')]) {
        expect(outcome.exhausted, shape).toBe(true);
        expect(outcome.steps, shape).toBeLessThanOrEqual(4_000_000);
      }
    }
  }, 30_000);

  const arbRealCase = fc.constantFrom(...DEMO_SLUGS).chain((slug) => {
    const model = demoModel(slug);
    const codes = model.groups.flatMap((g) => g.options.map((o) => o.code));
    const trims = model.trims.map((t) => t.code);
    return fc.record({
      slug: fc.constant(slug),
      trim: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...trims) }, { weight: 1, arbitrary: fc.constant('no-such-trim') }),
      options: fc.array(fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...codes) }, { weight: 1, arbitrary: fc.constant('no-such-option') }), {
        maxLength: 12,
      }),
      intent: fc.option(fc.constantFrom(...codes, ...trims), { nil: undefined }),
    });
  });
  const compiled = new Map(DEMO_SLUGS.map((slug) => [slug, compileModel(demoModel(slug))]));

  it('always returns a valid selection on the real catalogs, keeps the intent (every option is reachable), and each change is needed', () => {
    fc.assert(
      fc.property(arbRealCase, ({ slug, trim, options, intent }) => {
        const c = compiled.get(slug)!;
        const selection = { trim, options };
        const fix = resolve(c, selection, 'en', intent);
        expect(validate(c, fix.selection, 'en').valid).toBe(true);
        expect(fix.intentKept).toBe(true);
        expect(fix.summary).toMatch(/\.$/u);
        expect(fix.summary).not.toMatch(/(means|implique|valid,|il faut) ?\./u);
        if (intent && c.optionIndex.has(intent)) expect(fix.selection.options).toContain(intent);
        if (intent && c.trimIndex.has(intent)) expect(fix.selection.trim).toBe(intent);
        if (validate(c, selection, 'en').valid && intent === undefined) expect(fix.changes).toEqual([]);
        for (const change of fix.changes) {
          expect(change.because).not.toBe('');
          const undone = undo(fix.selection, change);
          if (undone && (change.kind === 'switch_trim' || c.optionIndex.has(change.option!))) {
            expect(validate(c, undone, 'en').valid).toBe(false);
          }
        }
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});

describe('price (property)', () => {
  // From the seats of each demo model: ¥950 below 6 seats, ¥1,100 from 6 seats up.
  const INSURANCE_BY_MODEL: Record<string, number> = { koleos: 95_000, kadjar: 95_000, captur: 95_000, espace: 110_000, 'city-k-ze': 95_000 };
  const compiled = new Map(DEMO_SLUGS.map((slug) => [slug, compileModel(demoModel(slug))]));
  const arbQuote = fc.constantFrom(...DEMO_SLUGS).chain((slug) => {
    const c = compiled.get(slug)!;
    return fc.record({
      slug: fc.constant(slug),
      trim: fc.constantFrom(...c.trims.map((t) => t.code)),
      options: fc.uniqueArray(fc.constantFrom(...c.options.map((o) => o.code)), { maxLength: 10 }),
      discount: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60_000_000 })),
      plateFee: fc.integer({ min: 0, max: 10_000_000 }),
    });
  });

  it('is additive and integral: listPrice = trim + charged options, never negative, on-the-road adds up', () => {
    fc.assert(
      fc.property(arbQuote, ({ slug, trim, options, discount, plateFee }) => {
        const c = compiled.get(slug)!;
        const selection = resolve(c, { trim, options }, 'en').selection;
        const quote = price(c, selection, { campaignDiscount: discount, plateFee });
        for (const value of [quote.optionsTotal, quote.listPrice, quote.vehiclePrice, quote.purchaseTax, quote.onTheRoad]) {
          expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
        }
        for (const line of quote.options) {
          expect(line.price).toBe(line.standard || line.covered ? 0 : line.catalogPrice);
        }
        const charged = quote.options.reduce((sum, l) => sum + l.price, 0);
        expect(quote.optionsTotal).toBe(charged);
        expect(quote.listPrice).toBe(c.trims[c.trimIndex.get(trim === selection.trim ? trim : selection.trim)!]!.price + charged);
        expect(quote.vehiclePrice).toBe(Math.max(0, quote.listPrice - discount));
        const exact = (quote.vehiclePrice * 10) / 113;
        if (c.model.nev) expect(quote.purchaseTax).toBe(0);
        else expect(Math.abs(quote.purchaseTax - exact)).toBeLessThanOrEqual(0.5);
        expect(quote.compulsoryInsurance).toBe(INSURANCE_BY_MODEL[c.model.slug]);
        expect(quote.onTheRoad).toBe(quote.vehiclePrice + quote.purchaseTax + quote.compulsoryInsurance + quote.plateFee);
        // The order of the picks does not matter.
        expect(price(c, { ...selection, options: [...selection.options].reverse() }, { campaignDiscount: discount, plateFee })).toEqual(quote);
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});
