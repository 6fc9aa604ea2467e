import { describe, expect, it } from 'vitest';
import { demoModel } from '../fixtures.js';
import { compileModel } from './compile.js';
import { resolve, resolveWithin } from './resolve.js';
import { validate } from './validate.js';

const koleos = compileModel(demoModel('koleos'));
const kadjar = compileModel(demoModel('kadjar'));
const espace = compileModel(demoModel('espace'));

describe('resolve', () => {
  it('switches the trim in one change to keep 19-inch wheels', () => {
    const fix = resolve(koleos, { trim: 'koleos-20-2wd-comfort', options: ['wh-19'] }, 'en', 'wh-19');
    expect(fix.selection).toEqual({ trim: 'koleos-25-4wd-flagship', options: ['wh-19'] });
    expect(fix.changes).toEqual([
      {
        kind: 'switch_trim',
        trim: 'koleos-25-4wd-flagship',
        from: 'koleos-20-2wd-comfort',
        because: 'The 19-inch two-tone alloy wheels require the 2.5L 4WD Flagship trim.',
      },
    ]);
    expect(fix.summary).toBe('Choosing the 19-inch two-tone alloy wheels means switching to the 2.5L 4WD Flagship trim.');
    expect(fix.intentKept).toBe(true);
    expect(validate(koleos, fix.selection, 'en').valid).toBe(true);
    expect(resolve(koleos, { trim: 'koleos-20-2wd-comfort', options: ['wh-19'] }, 'zh-CN', 'wh-19').summary).toBe(
      '选择19英寸双色铝合金轮毂需要切换至2.5L 四驱旗舰版。',
    );
    expect(resolve(koleos, { trim: 'koleos-20-2wd-comfort', options: ['wh-19'] }, 'fr', 'wh-19').summary).toBe(
      "Choisir l'option « Jantes alliage bi-ton 19\" » implique de passer à la finition « 2.5L 4x4 Prestige ».",
    );
  });

  it('picks a group’s default when what it includes must come in before other defaults', () => {
    // Left to defaults, Group 1 falls back to o2 before Group 2's default o5 brings o3 into it:
    // two in one single-choice group. Picking o5 outright brings o3 first, and o2 stays out.
    const text = (s: string) => ({ 'zh-CN': s, fr: s, en: s });
    const option = (code: string, availability: 'standard' | 'optional' | 'unavailable') => ({ code, name: text(code), price: 100, availability: { t0: availability } });
    const model = compileModel({
      slug: 'tiny',
      name: text('Tiny'),
      nev: false,
      seats: 5,
      currency: 'CNY',
      trims: [{ code: 't0', name: text('T0'), price: 10_000_000 }],
      groups: [
        { code: 'g1', name: text('Group 1'), choice: 'single', required: true, options: [option('o2', 'standard'), option('o3', 'optional')] },
        { code: 'g2', name: text('Group 2'), choice: 'single', required: true, options: [option('o4', 'unavailable'), option('o5', 'standard')] },
      ],
      rules: [{ kind: 'includes', option: 'o5', targets: ['o3'] }],
    });
    expect(validate(model, { trim: 't0', options: [] }, 'en').valid).toBe(false);
    const fix = resolve(model, { trim: 't0', options: ['o4'] }, 'en');
    expect(fix.selection).toEqual({ trim: 't0', options: ['o5'] });
    expect(fix.changes.map((change) => [change.kind, change.option])).toEqual([['add', 'o5']]);
  });

  it('returns a valid selection untouched', () => {
    const selection = { trim: 'koleos-20-2wd-luxury', options: ['pk-premium', 'acc-dashcam'] };
    const fix = resolve(koleos, selection, 'en', 'acc-dashcam');
    expect(fix).toMatchObject({ selection, changes: [], summary: 'This configuration is valid.', effects: { added: [], removed: [] } });
  });

  it('choosing another paint removes the previous one', () => {
    const fix = resolve(koleos, { trim: 'koleos-20-2wd-luxury', options: ['paint-pearl-white', 'paint-cosmos-blue'] }, 'en', 'paint-cosmos-blue');
    expect(fix.selection.options).toEqual(['paint-cosmos-blue']);
    expect(fix.changes).toEqual([
      {
        kind: 'remove',
        option: 'paint-pearl-white',
        because: 'Only one choice of paint is possible: the Pearl White and the Cosmos Blue cannot be fitted together.',
      },
    ]);
    expect(fix.summary).toBe('Choosing the Cosmos Blue means removing the Pearl White.');
  });

  it('keeps the side of an excludes rule the buyer just chose', () => {
    const selection = { trim: 'koleos-20-2wd-luxury', options: ['pk-roof', 'acc-crossbars', 'acc-roofbox'] };
    const forBox = resolve(koleos, selection, 'en', 'acc-roofbox');
    expect(forBox.changes.map((c) => [c.kind, c.option])).toEqual([['remove', 'pk-roof']]);
    expect(forBox.changes[0]!.because).toBe('The power panoramic sunroof cannot be combined with the roof box.');
    const forRoof = resolve(koleos, selection, 'en', 'pk-roof');
    expect(forRoof.changes.map((c) => [c.kind, c.option])).toEqual([['remove', 'acc-roofbox']]);
    // No intent: one removal either way, so the cheaper car wins (the sunroof costs more than the box).
    expect(resolve(koleos, selection, 'en').changes.map((c) => c.option)).toEqual(['pk-roof']);
  });

  it('adds what an option requires rather than dropping it', () => {
    const fix = resolve(koleos, { trim: 'koleos-20-2wd-comfort', options: ['acc-roofbox'] }, 'en', 'acc-roofbox');
    expect(fix.selection.options).toEqual(['acc-roofbox', 'acc-crossbars']);
    expect(fix.changes).toEqual([{ kind: 'add', option: 'acc-crossbars', because: 'The roof box requires the roof cross bars.' }]);
    expect(fix.summary).toBe('Choosing the roof box means adding the roof cross bars.');
    const bikes = resolve(kadjar, { trim: 'kadjar-20-2wd-comfort', options: ['acc-bike-carrier'] }, 'en', 'acc-bike-carrier');
    expect(bikes.changes.map((c) => [c.kind, c.option])).toEqual([['add', 'acc-towbar']]);
  });

  it('switches to the only trim with Nappa seats for the massage seats', () => {
    const fix = resolve(espace, { trim: 'espace-18t-luxury', options: ['pk-massage'] }, 'en', 'pk-massage');
    expect(fix.selection.trim).toBe('espace-18t-initiale');
    expect(fix.changes).toHaveLength(1);
    expect(fix.effects.added).toContain('int-nappa');
  });

  it('combines a trim switch and an addition, preferring to keep every explicit pick', () => {
    const fix = resolve(koleos, { trim: 'koleos-20-2wd-comfort', options: ['pk-safety', 'acc-roofbox'] }, 'en', 'pk-safety');
    // The 2.5L Luxury would fix it too but drops the roof box (unavailable there); the 2.0L Luxury keeps it with cross bars.
    expect(fix.selection).toEqual({ trim: 'koleos-20-2wd-luxury', options: ['pk-safety', 'acc-roofbox', 'acc-crossbars'] });
    expect(fix.changes.map((c) => c.kind)).toEqual(['switch_trim', 'add']);
    expect(fix.summary).toBe(
      'Choosing the driver-assist pack means switching to the 2.0L 2WD Luxury trim and adding the roof cross bars.',
    );
  });

  it('drops a pick that clashes with what a pack brings, and tells what the pack changes', () => {
    const fix = resolve(koleos, { trim: 'koleos-20-2wd-luxury', options: ['int-leather-black', 'pk-premium'] }, 'en', 'pk-premium');
    expect(fix.selection.options).toEqual(['pk-premium']);
    expect(fix.changes.map((c) => [c.kind, c.option])).toEqual([['remove', 'int-leather-black']]);
    expect(fix.effects).toEqual({ added: [], removed: ['int-leather-black'] });
    const fromScratch = resolve(koleos, { trim: 'koleos-20-2wd-luxury', options: ['pk-premium'] }, 'en', 'pk-premium');
    expect(fromScratch.changes).toEqual([]);
    expect(fromScratch.effects).toEqual({ added: [], removed: [] });
  });

  it('replaces a pick within a single-choice group as one change', () => {
    // Espace Initiale: the 18-inch wheels are not offered; 4Control needs 19 or 20.
    const fix = resolve(espace, { trim: 'espace-18t-luxury', options: ['wh-18', 'pk-4control'] }, 'en', 'pk-4control');
    expect(fix.changes).toEqual([
      { kind: 'add', option: 'wh-19', from: 'wh-18', because: 'The 4Control four-wheel steering requires the 19-inch alloy wheels or the 20-inch alloy wheels.' },
    ]);
    expect(fix.summary).toBe('Choosing the 4Control four-wheel steering means replacing the 18-inch alloy wheels with the 19-inch alloy wheels.');
    expect(validate(espace, fix.selection, 'en').valid).toBe(true);
  });

  it('treats a chosen trim as fixed', () => {
    const fix = resolve(koleos, { trim: 'koleos-25-4wd-flagship', options: ['wh-19', 'pk-premium'] }, 'en', 'koleos-20-2wd-comfort');
    expect(fix.selection).toEqual({ trim: 'koleos-20-2wd-comfort', options: [] });
    expect(fix.changes.map((c) => [c.kind, c.option])).toEqual([
      ['remove', 'wh-19'],
      ['remove', 'pk-premium'],
    ]);
    expect(fix.summary).toBe('Choosing the 2.0L 2WD Comfort trim means removing the 19-inch two-tone alloy wheels and removing the premium pack.');
  });

  it('drops unknown codes and picks a trim for an unknown one', () => {
    const fix = resolve(koleos, { trim: 'koleos-30', options: ['pk-bose', 'pk-jetpack'] }, 'en');
    expect(fix.selection).toEqual({ trim: 'koleos-20-2wd-comfort', options: ['pk-bose'] });
    expect(fix.changes).toEqual([
      { kind: 'switch_trim', trim: 'koleos-20-2wd-comfort', because: 'The Koleos has no trim "koleos-30".' },
      { kind: 'remove', option: 'pk-jetpack', because: 'The Koleos has no option "pk-jetpack".' },
    ]);
  });

  it('says so and resolves without the intent when no valid configuration has it', () => {
    // Take the 19-inch wheels off the flagship (giving it the 18-inch ones): nothing can fit them any more.
    const model = demoModel('koleos');
    const wheels = model.groups.find((g) => g.code === 'wheels')!;
    wheels.options.find((o) => o.code === 'wh-19')!.availability['koleos-25-4wd-flagship'] = 'unavailable';
    wheels.options.find((o) => o.code === 'wh-18')!.availability['koleos-25-4wd-flagship'] = 'standard';
    const c = compileModel(model);
    const fix = resolve(c, { trim: 'koleos-20-2wd-comfort', options: ['wh-19', 'pk-bose'] }, 'en', 'wh-19');
    expect(fix.intentKept).toBe(false);
    expect(fix.selection).toEqual({ trim: 'koleos-20-2wd-comfort', options: ['pk-bose'] });
    expect(fix.changes).toEqual([
      { kind: 'remove', option: 'wh-19', because: 'No valid configuration of the Koleos can include the 19-inch two-tone alloy wheels.' },
    ]);
    expect(fix.summary).toBe('No valid configuration of the Koleos can include the 19-inch two-tone alloy wheels, so it was left out.');
    expect(resolve(c, { trim: 'koleos-20-2wd-comfort', options: ['wh-19'] }, 'zh-CN', 'wh-19').summary).toBe(
      '科雷傲没有任何有效配置能包含19英寸双色铝合金轮毂，已将其移除。',
    );
  });

  it('explains every change in all three locales', () => {
    const selection = { trim: 'koleos-20-2wd-comfort', options: ['pk-safety', 'acc-roofbox', 'paint-ivory'] };
    for (const locale of ['zh-CN', 'fr', 'en'] as const) {
      const fix = resolve(koleos, selection, locale, 'pk-safety');
      expect(fix.changes.length).toBeGreaterThan(0);
      for (const change of fix.changes) expect(change.because.length).toBeGreaterThan(5);
      expect(fix.summary.length).toBeGreaterThan(10);
    }
    expect(resolve(koleos, selection, 'zh-CN', 'pk-safety').summary).toBe('选择智能驾驶辅助包需要切换至2.0L 两驱豪华版，并添加车顶横杆。');
    expect(resolve(koleos, selection, 'fr', 'pk-safety').summary).toBe(
      "Choisir l'option « Pack Aide à la conduite » implique de passer à la finition « 2.0L 4x2 Luxe » et d'ajouter l'option « Barres de toit transversales ».",
    );
  });

  it('says what was dropped when only unknown codes were wrong', () => {
    const fix = resolve(koleos, { trim: 'koleos-20-2wd-comfort', options: ['pk-bose', 'pk-jetpack'] }, 'en', 'pk-bose');
    expect(fix.summary).toBe('The Koleos has no option "pk-jetpack".');
  });

  it('offers no fix, within its work budget, for a huge broken selection', () => {
    // 40 accessories, each excluding the next, all picked: the smallest fix drops 20 of them, far past the budget.
    const codes = Array.from({ length: 40 }, (_, i) => `acc-${i}`);
    const text = (s: string) => ({ 'zh-CN': s, fr: s, en: s });
    const model = {
      ...demoModel('city-k-ze'),
      groups: [
        {
          code: 'accessories',
          name: text('Accessories'),
          choice: 'multiple' as const,
          required: false,
          options: codes.map((code) => ({ code, name: text(code), price: 1000, availability: {} })),
        },
      ],
      rules: codes.slice(1).map((code, i) => ({ kind: 'excludes' as const, option: codes[i]!, targets: [code] })),
    };
    const c = compileModel(model);
    const outcome = resolveWithin(c, { trim: 'kze-life', options: codes }, 'en', 'acc-7');
    expect(outcome.exhausted).toBe(true);
    expect(outcome.steps).toBeLessThanOrEqual(4_000_000);
    expect(outcome.steps).toBeGreaterThan(3_900_000);
    expect(() => resolve(c, { trim: 'kze-life', options: codes }, 'en', 'acc-7')).toThrow(
      expect.objectContaining({ code: 'CONFIGURATOR_SEARCH_EXHAUSTED' }),
    );
  });

  it('finds the same fix within a budget it fits in, and none within one it does not', () => {
    const selection = { trim: 'koleos-20-2wd-comfort', options: ['pk-safety', 'acc-roofbox'] };
    const full = resolveWithin(koleos, selection, 'en', 'pk-safety');
    expect(full.exhausted).toBe(false);
    expect(resolveWithin(koleos, selection, 'en', 'pk-safety', full.steps)).toEqual(full);
    expect(resolveWithin(koleos, selection, 'en', 'pk-safety', full.steps - 1)).toEqual({ exhausted: true, steps: expect.any(Number) });
  });

  it('is deterministic', () => {
    const selection = { trim: 'koleos-20-2wd-comfort', options: ['wh-19', 'wh-18', 'pk-roof', 'acc-roofbox', 'paint-pearl-white', 'paint-cosmos-blue'] };
    expect(resolve(koleos, selection, 'en')).toEqual(resolve(koleos, selection, 'en'));
  });
});
