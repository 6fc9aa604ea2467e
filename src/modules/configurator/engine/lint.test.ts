import { describe, expect, it } from 'vitest';
import { DEMO_SLUGS, demoModel } from '../fixtures.js';
import { compileModel } from './compile.js';
import { lint } from './lint.js';
import type { Availability, ConfigModel, ConfigRule } from './types.js';

/** A two-trim model: a required paint (p1 standard) and five extras, with the rules under test. */
function mini(rules: ConfigRule[], unavailable: Record<string, string[]> = {}): ConfigModel {
  const text = (code: string) => ({ 'zh-CN': `${code}中`, fr: `${code}-fr`, en: code });
  const trims = ['t1', 't2'];
  const availability = (code: string, standardOn: string[] = []) =>
    Object.fromEntries(
      trims.map((t): [string, Availability] => [t, (unavailable[t] ?? []).includes(code) ? 'unavailable' : standardOn.includes(t) ? 'standard' : 'optional']),
    );
  return {
    slug: 'mini',
    name: text('Mini'),
    nev: false,
    seats: 5,
    currency: 'CNY',
    trims: trims.map((code, i) => ({ code, name: text(code.toUpperCase()), price: 10_000_000 + i * 1_000_000 })),
    groups: [
      {
        code: 'paint',
        name: text('Paint'),
        choice: 'single',
        required: true,
        options: [
          { code: 'p1', name: text('Red paint'), price: 0, availability: availability('p1', trims) },
          { code: 'p2', name: text('Blue paint'), price: 100, availability: availability('p2') },
        ],
      },
      {
        code: 'extras',
        name: text('Extras'),
        choice: 'multiple',
        required: false,
        options: ['a', 'b', 'c', 'd', 'e'].map((code) => ({ code, name: text(`Extra ${code}`), price: 1000, availability: availability(code) })),
      },
    ],
    rules,
  };
}

const requires = (option: string, ...targets: string[]): ConfigRule => ({ kind: 'requires', option, targets });
const excludes = (option: string, ...targets: string[]): ConfigRule => ({ kind: 'excludes', option, targets });
const includes = (option: string, ...targets: string[]): ConfigRule => ({ kind: 'includes', option, targets });

describe('lint on the demo catalog', () => {
  it('finds every option reachable and no contradiction in the five models, as the data file says', () => {
    for (const slug of DEMO_SLUGS) {
      const report = lint(compileModel(demoModel(slug)));
      expect(report.unreachableOptions, slug).toEqual([]);
      expect(report.contradictoryRules, slug).toEqual([]);
      expect(report.complete).toBe(true);
      const counts = Object.values(report.validConfigurationsByTrim);
      expect(counts, slug).toHaveLength(demoModel(slug).trims.length);
      for (const count of counts) expect(count).toBeGreaterThan(0);
    }
  });

  it('counts distinct cars per trim (Koleos, checked by hand)', () => {
    // Comfort: 7 paints × 2 wheels × 40 pack/accessory sets (sunroof excludes the roof box, which needs cross bars).
    // Flagship: 7 paints × 2 leathers × 8 accessory sets (no roof box under the standard sunroof).
    expect(lint(compileModel(demoModel('koleos'))).validConfigurationsByTrim).toEqual({
      'koleos-20-2wd-comfort': 560,
      'koleos-20-2wd-luxury': 1400,
      'koleos-25-4wd-luxury': 560,
      'koleos-25-4wd-flagship': 112,
    });
  });
});

describe('lint finds what a brand admin got wrong', () => {
  const unreachable = (model: ConfigModel) => lint(compileModel(model)).unreachableOptions.map((u) => u.option);

  it('an option unavailable on every trim', () => {
    const report = lint(compileModel(mini([], { t1: ['a'], t2: ['a'] })));
    expect(report.unreachableOptions).toEqual([{ option: 'a', message: 'The extra a is unavailable on every trim.' }]);
  });

  it('an option that requires and excludes the same thing', () => {
    const report = lint(compileModel(mini([requires('a', 'b'), excludes('a', 'b')])));
    expect(report.contradictoryRules).toEqual([{ rules: [requires('a', 'b'), excludes('a', 'b')], message: 'The extra a both requires and excludes the extra b.' }]);
    expect(report.unreachableOptions).toEqual([
      { option: 'a', message: 'The extra a can never be fitted: The extra a both requires and excludes the extra b.' },
    ]);
  });

  it('an option that requires only trims where it is unavailable', () => {
    const report = lint(compileModel(mini([requires('a', 't1')], { t1: ['a'] })));
    expect(report.contradictoryRules.map((r) => r.message)).toEqual([
      'The extra a requires the T1 trim, but none of them can be fitted on a trim where the extra a is available.',
    ]);
    expect(report.unreachableOptions.map((u) => u.option)).toEqual(['a']);
  });

  it('an option that includes something it excludes', () => {
    const report = lint(compileModel(mini([includes('a', 'b'), excludes('a', 'b')])));
    expect(report.contradictoryRules.map((r) => r.message)).toEqual(['The extra a both includes and excludes the extra b.']);
    expect(unreachable(mini([includes('a', 'b'), excludes('b', 'a')]))).toEqual(['a']);
  });

  it('an option that includes one unavailable wherever it is available', () => {
    const report = lint(compileModel(mini([includes('a', 'b')], { t1: ['b'], t2: ['a'] })));
    expect(report.contradictoryRules.map((r) => r.message)).toEqual([
      'The extra a includes the extra b, which is unavailable on every trim where the extra a is available.',
    ]);
    expect(report.unreachableOptions.map((u) => u.option)).toEqual(['a']);
  });

  it('a chain of rules that cannot be satisfied: a requires b, b requires c, c excludes a', () => {
    const rules = [requires('a', 'b'), requires('b', 'c'), excludes('c', 'a')];
    const report = lint(compileModel(mini(rules)));
    expect(report.contradictoryRules).toEqual([
      { rules, message: 'The extra a can never be fitted: its rules bring in the extra c, which cannot be fitted with it.' },
    ]);
    expect(report.unreachableOptions.map((u) => u.option)).toEqual(['a']);
  });

  it('rules forcing two trims, or two options of one single-choice group', () => {
    expect(lint(compileModel(mini([requires('a', 't1'), requires('a', 'b'), requires('b', 't2')]))).contradictoryRules.map((r) => r.message)).toEqual([
      'The extra a can never be fitted: its rules require both the T1 trim and the T2 trim.',
    ]);
    const report = lint(compileModel(mini([includes('a', 'p1', 'p2')])));
    expect(report.contradictoryRules.map((r) => r.message)).toEqual([
      'The extra a includes the red paint and the blue paint, but only one choice of paint is possible.',
    ]);
    expect(report.unreachableOptions.map((u) => u.option)).toEqual(['a']);
  });

  it('rules that name codes the model does not have', () => {
    const report = lint(compileModel(mini([requires('a', 'ghost'), excludes('nobody', 'b'), requires('c', 'ghost', 'd')])));
    expect(report.contradictoryRules.map((r) => r.message)).toEqual([
      'The "requires" rule of the extra a names "ghost", which is neither an option nor a trim of the Mini.',
      'An "excludes" rule is about "nobody", which is not an option of the Mini.',
      'The "requires" rule of the extra c names "ghost", which is neither an option nor a trim of the Mini.',
    ]);
    // a can never be fitted; c still can, with d.
    expect(report.unreachableOptions.map((u) => u.option)).toEqual(['a']);
  });

  it('speaks zh-CN and fr too', () => {
    const c = compileModel(mini([requires('a', 'b'), excludes('a', 'b')], { t1: ['c'], t2: ['c'] }));
    expect(lint(c, 'zh-CN').unreachableOptions.map((u) => u.message)).toEqual([
      'Extra a中永远无法选装：Extra a中同时需要并排斥Extra b中。',
      'Extra c中在所有版本上均不可选。',
    ]);
    expect(lint(c, 'fr').contradictoryRules.map((r) => r.message)).toEqual([
      "L'option « Extra a-fr » nécessite et exclut à la fois l'option « Extra b-fr ».",
    ]);
  });

  it('stops counting at half its budget on a pathological catalog, then finds each option reachable one by one', () => {
    // 40 extras, each excluding the next: about 2.7e8 valid cars, far past any real catalog.
    const codes = Array.from({ length: 40 }, (_, i) => `x${i}`);
    const model = mini([]);
    model.groups[1]!.options = codes.map((code) => ({ code, name: { 'zh-CN': code, fr: code, en: code }, price: 1, availability: {} }));
    model.rules = codes.slice(1).map((code, i) => excludes(codes[i]!, code));
    const c = compileModel(model);
    const report = lint(c);
    expect(report).toMatchObject({ complete: true, countsComplete: false, unreachableOptions: [], contradictoryRules: [] });
    expect(report.steps).toBeLessThanOrEqual(100_000_000);
    expect(report.steps).toBeGreaterThan(50_000_000);

    const starved = lint(c, 'en', 100_000);
    expect(starved).toMatchObject({ complete: false, countsComplete: false });
    expect(starved.steps).toBeLessThanOrEqual(100_000);
  }, 30_000);

  it('finds an option that excludes itself unreachable even when it cannot count every car', () => {
    const codes = Array.from({ length: 40 }, (_, i) => `x${i}`);
    const model = mini([]);
    model.groups[1]!.options = codes.map((code) => ({ code, name: { 'zh-CN': code, fr: code, en: code }, price: 1, availability: {} }));
    model.rules = [...codes.slice(1).map((code, i) => excludes(codes[i]!, code)), excludes('x7', 'x7')];
    const report = lint(compileModel(model));
    expect(report).toMatchObject({ complete: true, countsComplete: false });
    expect(report.unreachableOptions.map((u) => u.option)).toEqual(['x7']);
  }, 30_000);

  it('counts a second standard colour as a choice of its own', () => {
    const model = mini([]);
    model.groups[0]!.options[1]!.availability = { t1: 'standard', t2: 'optional' };
    const counts = lint(compileModel(model)).validConfigurationsByTrim;
    expect(counts).toEqual({ t1: 2 * 32, t2: 2 * 32 });
  });
});
