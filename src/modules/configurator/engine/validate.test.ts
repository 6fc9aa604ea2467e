import { describe, expect, it } from 'vitest';
import { demoModel, renault } from '../fixtures.js';
import { compileModel } from './compile.js';
import type { ConfigModel, Locale, Selection, ViolationCode } from './types.js';
import { validate } from './validate.js';

const koleos = compileModel(demoModel('koleos'));
const kadjar = compileModel(demoModel('kadjar'));
const captur = compileModel(demoModel('captur'));
const espace = compileModel(demoModel('espace'));
const kze = compileModel(demoModel('city-k-ze'));

const codes = (c: typeof koleos, selection: Selection): ViolationCode[] => validate(c, selection, 'en').violations.map((v) => v.code);
const messages = (c: typeof koleos, selection: Selection, locale: Locale) => validate(c, selection, locale).violations.map((v) => v.message);

/** The localized name of a demo option, as the data file spells it. */
function optionName(slug: string, code: string, locale: Locale): string {
  const model = renault.models.find((m) => m.slug === slug)!;
  const option = model.optionGroups.flatMap((g) => g.options).find((o) => o.code === code)!;
  return option.name[locale];
}

describe('validate on the real demo catalog', () => {
  it('accepts every trim with nothing picked: standard options fill the required groups', () => {
    for (const c of [koleos, kadjar, captur, espace, kze]) {
      for (const trim of c.trims) expect(validate(c, { trim: trim.code, options: [] }, 'en')).toEqual({ valid: true, violations: [] });
    }
  });

  it('accepts the F1 campaign configuration', () => {
    const { trim, options } = renault.campaign;
    expect(validate(koleos, { trim, options }, 'zh-CN').valid).toBe(true);
  });

  describe('requires', () => {
    it('19-inch wheels on the Comfort trim: not offered there, and they require the Flagship', () => {
      const result = validate(koleos, { trim: 'koleos-20-2wd-comfort', options: ['wh-19'] }, 'en');
      expect(result.valid).toBe(false);
      expect(result.violations.map((v) => v.code)).toEqual(['CONFIGURATOR_UNAVAILABLE_ON_TRIM', 'CONFIGURATOR_REQUIRES_UNMET']);
      const requires = result.violations[1]!;
      expect(requires.rule).toEqual({ kind: 'requires', option: 'wh-19', targets: ['koleos-25-4wd-flagship'] });
      expect(requires.options).toEqual(['wh-19']);
      expect(requires.message).toBe('The 19-inch two-tone alloy wheels require the 2.5L 4WD Flagship trim.');
      expect(messages(koleos, { trim: 'koleos-20-2wd-comfort', options: ['wh-19'] }, 'zh-CN')[1]).toBe('19英寸双色铝合金轮毂需要2.5L 四驱旗舰版。');
      expect(messages(koleos, { trim: 'koleos-20-2wd-comfort', options: ['wh-19'] }, 'fr')[1]).toBe(
        "L'option « Jantes alliage bi-ton 19\" » nécessite la finition « 2.5L 4x4 Prestige ».",
      );
    });

    it('a roof box without cross bars is REQUIRES_UNMET alone, naming both', () => {
      const selection = { trim: 'koleos-20-2wd-comfort', options: ['acc-roofbox'] };
      expect(codes(koleos, selection)).toEqual(['CONFIGURATOR_REQUIRES_UNMET']);
      expect(messages(koleos, selection, 'en')).toEqual(['The roof box requires the roof cross bars.']);
      expect(validate(koleos, { ...selection, options: ['acc-roofbox', 'acc-crossbars'] }, 'en').valid).toBe(true);
    });

    it('is met by any ONE of its targets, standard fitments included', () => {
      // pk-4control requires wh-19 or wh-20.
      expect(codes(espace, { trim: 'espace-18t-luxury', options: ['pk-4control'] })).toEqual(['CONFIGURATOR_REQUIRES_UNMET']);
      expect(codes(espace, { trim: 'espace-18t-luxury', options: ['pk-4control', 'wh-19'] })).toEqual([]);
      expect(codes(espace, { trim: 'espace-18t-premium', options: ['pk-4control'] })).toEqual([]); // wh-19 is standard there
      expect(codes(espace, { trim: 'espace-18t-initiale', options: ['pk-4control'] })).toEqual([]); // wh-20 is standard there
      // pk-safety requires one of three trims.
      expect(codes(koleos, { trim: 'koleos-20-2wd-luxury', options: ['pk-safety'] })).toEqual([]);
      expect(messages(koleos, { trim: 'koleos-20-2wd-comfort', options: ['pk-safety'] }, 'en')[1]).toBe(
        'The driver-assist pack requires the 2.0L 2WD Luxury, 2.5L 4WD Luxury or 2.5L 4WD Flagship trim.',
      );
    });

    it('the bike carrier needs the tow bar (Kadjar)', () => {
      expect(codes(kadjar, { trim: 'kadjar-20-2wd-comfort', options: ['acc-bike-carrier'] })).toEqual(['CONFIGURATOR_REQUIRES_UNMET']);
      expect(codes(kadjar, { trim: 'kadjar-20-2wd-comfort', options: ['acc-bike-carrier', 'acc-towbar'] })).toEqual([]);
    });
  });

  describe('excludes', () => {
    it('sunroof and roof box', () => {
      const selection = { trim: 'koleos-20-2wd-luxury', options: ['pk-roof', 'acc-roofbox', 'acc-crossbars'] };
      const [violation, ...rest] = validate(koleos, selection, 'en').violations;
      expect(rest).toEqual([]);
      expect(violation).toMatchObject({
        code: 'CONFIGURATOR_EXCLUDES_CONFLICT',
        rule: { kind: 'excludes', option: 'pk-roof', targets: ['acc-roofbox'] },
        options: ['pk-roof', 'acc-roofbox'],
        message: 'The power panoramic sunroof cannot be combined with the roof box.',
      });
      expect(messages(koleos, selection, 'zh-CN')).toEqual(['电动全景天窗不能与车顶行李箱同时选装。']);
      expect(messages(koleos, selection, 'fr')).toEqual([
        "L'option « Toit ouvrant panoramique électrique » est incompatible avec l'option « Coffre de toit ».",
      ]);
    });

    it('applies to a colour too (Captur two-tone roof on a black body), and lists every present target', () => {
      expect(codes(captur, { trim: 'captur-12t-comfort', options: ['pk-two-tone', 'paint-starry-black'] })).toEqual([
        'CONFIGURATOR_EXCLUDES_CONFLICT',
      ]);
      const both = validate(captur, { trim: 'captur-12t-flagship', options: ['pk-glass-roof', 'pk-two-tone', 'acc-roofbox', 'acc-crossbars'] }, 'en');
      expect(both.violations.map((v) => v.options)).toEqual([['pk-glass-roof', 'pk-two-tone', 'acc-roofbox']]);
      expect(both.violations[0]!.message).toBe('The panoramic glass roof cannot be combined with the two-tone black roof and the roof box.');
    });
  });

  describe('includes', () => {
    it('the premium pack brings light-grey leather, which replaces the standard black, and BOSE', () => {
      expect(validate(koleos, { trim: 'koleos-20-2wd-luxury', options: ['pk-premium'] }, 'en').valid).toBe(true);
    });

    it('an explicit black leather next to the pack is a GROUP_CONFLICT with the leather the pack brings', () => {
      const [violation, ...rest] = validate(koleos, { trim: 'koleos-20-2wd-luxury', options: ['pk-premium', 'int-leather-black'] }, 'en').violations;
      expect(rest).toEqual([]);
      expect(violation).toMatchObject({ code: 'CONFIGURATOR_GROUP_CONFLICT', group: 'interior', options: ['int-leather-black', 'int-leather-grey'] });
      expect(violation!.message).toBe(
        'Only one choice of interior is possible: the black leather and the light-grey leather cannot be fitted together.',
      );
    });

    it('an included option unavailable on the trim is reported with the option that brought it', () => {
      const violations = validate(koleos, { trim: 'koleos-20-2wd-comfort', options: ['pk-premium'] }, 'en').violations;
      expect(violations.map((v) => [v.code, v.options])).toEqual([
        ['CONFIGURATOR_UNAVAILABLE_ON_TRIM', ['int-leather-grey', 'pk-premium']],
        ['CONFIGURATOR_UNAVAILABLE_ON_TRIM', ['pk-premium']],
      ]);
      expect(violations[0]!.message).toBe(
        'The premium pack includes the light-grey leather, which is not available on the 2.0L 2WD Comfort trim.',
      );
    });
  });

  describe('each violation code', () => {
    it('UNKNOWN_TRIM, with the options still checked for what needs no trim', () => {
      const result = validate(koleos, { trim: 'koleos-30-hybrid', options: ['pk-bose', 'pk-jetpack'] }, 'en');
      expect(result.violations.map((v) => v.code)).toEqual(['CONFIGURATOR_UNKNOWN_TRIM', 'CONFIGURATOR_UNKNOWN_OPTION']);
      expect(result.violations[0]).toMatchObject({ trim: 'koleos-30-hybrid', message: 'The Koleos has no trim "koleos-30-hybrid".' });
    });

    it('UNKNOWN_OPTION', () => {
      const [violation] = validate(koleos, { trim: 'koleos-20-2wd-comfort', options: ['pk-jetpack'] }, 'zh-CN').violations;
      expect(violation).toMatchObject({ code: 'CONFIGURATOR_UNKNOWN_OPTION', options: ['pk-jetpack'], message: '科雷傲没有“pk-jetpack”这一选装项。' });
    });

    it('DUPLICATE_OPTION, once per code', () => {
      const result = validate(koleos, { trim: 'koleos-20-2wd-luxury', options: ['pk-bose', 'pk-bose', 'pk-bose'] }, 'en');
      expect(result.violations).toEqual([
        { code: 'CONFIGURATOR_DUPLICATE_OPTION', options: ['pk-bose'], message: 'The BOSE sound pack is selected more than once.' },
      ]);
    });

    it('UNAVAILABLE_ON_TRIM', () => {
      const [violation, ...rest] = validate(koleos, { trim: 'koleos-20-2wd-comfort', options: ['int-leather-black'] }, 'en').violations;
      expect(rest).toEqual([]);
      expect(violation).toMatchObject({
        code: 'CONFIGURATOR_UNAVAILABLE_ON_TRIM',
        options: ['int-leather-black'],
        trim: 'koleos-20-2wd-comfort',
        message: 'The black leather is not available on the 2.0L 2WD Comfort trim.',
      });
    });

    it('GROUP_CONFLICT: two paints', () => {
      const [violation] = validate(koleos, { trim: 'koleos-20-2wd-comfort', options: ['paint-pearl-white', 'paint-cosmos-blue'] }, 'zh-CN').violations;
      expect(violation).toMatchObject({ code: 'CONFIGURATOR_GROUP_CONFLICT', group: 'paint', options: ['paint-pearl-white', 'paint-cosmos-blue'] });
      expect(violation!.message).toBe('车身颜色只能选择一项：珍珠白和宇宙蓝不能同时选装。');
    });

    it('GROUP_REQUIRED: a trim with no standard paint and none picked', () => {
      const model = demoModel('koleos');
      const paint = model.groups.find((g) => g.code === 'paint')!;
      for (const option of paint.options) option.availability['koleos-20-2wd-comfort'] = 'optional';
      const edited = compileModel(model);
      const [violation] = validate(edited, { trim: 'koleos-20-2wd-comfort', options: [] }, 'en').violations;
      expect(violation).toMatchObject({ code: 'CONFIGURATOR_GROUP_REQUIRED', group: 'paint', options: [], message: 'Please choose an option for the paint.' });
      expect(validate(edited, { trim: 'koleos-20-2wd-comfort', options: ['paint-cosmos-blue'] }, 'en').valid).toBe(true);
    });

    it('TOO_MANY_OPTIONS: more picks than the model has options, reported alone', () => {
      const all = koleos.options.map((o) => o.code);
      const result = validate(koleos, { trim: 'koleos-20-2wd-comfort', options: [...all, 'pk-bose'] }, 'en');
      expect(result.violations).toEqual([
        { code: 'CONFIGURATOR_TOO_MANY_OPTIONS', options: [], message: '22 options were selected, but the Koleos offers only 21.' },
      ]);
    });
  });

  it('lists every violation at once', () => {
    const result = validate(
      koleos,
      { trim: 'koleos-20-2wd-comfort', options: ['wh-19', 'wh-18', 'pk-roof', 'acc-roofbox', 'pk-nope', 'pk-roof'] },
      'en',
    );
    expect(result.violations.map((v) => v.code)).toEqual([
      'CONFIGURATOR_UNKNOWN_OPTION',
      'CONFIGURATOR_DUPLICATE_OPTION',
      'CONFIGURATOR_UNAVAILABLE_ON_TRIM',
      'CONFIGURATOR_GROUP_CONFLICT',
      'CONFIGURATOR_REQUIRES_UNMET', // wh-19 needs the flagship
      'CONFIGURATOR_EXCLUDES_CONFLICT', // sunroof vs roof box
      'CONFIGURATOR_REQUIRES_UNMET', // roof box needs cross bars
    ]);
  });

  it('says every violation in zh-CN, fr and en, naming options by their localized names', () => {
    const model = demoModel('koleos');
    model.groups[0]!.options.forEach((o) => (o.availability['koleos-20-2wd-comfort'] = 'optional')); // no standard paint
    const c = compileModel(model);
    const selection = { trim: 'koleos-20-2wd-comfort', options: ['wh-19', 'pk-roof', 'acc-roofbox', 'x', 'pk-roof'] };
    const [zh, fr, en] = (['zh-CN', 'fr', 'en'] as const).map((locale) => validate(c, selection, locale).violations);
    const expected: ViolationCode[] = [
      'CONFIGURATOR_UNKNOWN_OPTION',
      'CONFIGURATOR_DUPLICATE_OPTION',
      'CONFIGURATOR_UNAVAILABLE_ON_TRIM',
      'CONFIGURATOR_GROUP_REQUIRED',
      'CONFIGURATOR_REQUIRES_UNMET',
      'CONFIGURATOR_EXCLUDES_CONFLICT',
      'CONFIGURATOR_REQUIRES_UNMET',
    ];
    for (const violations of [zh!, fr!, en!]) {
      expect(violations.map((v) => v.code)).toEqual(expected);
      expect(new Set(violations.map((v) => v.message)).size).toBe(expected.length);
    }
    for (const v of zh!) expect(v.message).toMatch(/[\u4e00-\u9fff]/u);
    for (const v of [...fr!, ...en!]) expect(v.message).toMatch(/^\p{Lu}.*\.$/u);
    expect(zh![5]!.message).toContain(optionName('koleos', 'acc-roofbox', 'zh-CN'));
    expect(fr![5]!.message).toContain(optionName('koleos', 'acc-roofbox', 'fr'));
    expect(en![1]!.message).toBe('The power panoramic sunroof is selected more than once.');
    expect([en![3]!.message, fr![3]!.message, zh![3]!.message]).toEqual([
      'Please choose an option for the paint.',
      'Veuillez choisir une option pour « Peinture ».',
      '请选择车身颜色。',
    ]);
  });

  it('does not depend on the order picks are listed in', () => {
    const a = validate(koleos, { trim: 'koleos-20-2wd-luxury', options: ['pk-roof', 'acc-roofbox'] }, 'en');
    const b = validate(koleos, { trim: 'koleos-20-2wd-luxury', options: ['acc-roofbox', 'pk-roof'] }, 'en');
    expect(a).toEqual(b);
  });

  it('ignores unrelated model data: a model with no rules validates on availability and groups alone', () => {
    const bare: ConfigModel = { ...demoModel('city-k-ze'), rules: [] };
    expect(validate(compileModel(bare), { trim: 'kze-life', options: ['pk-style'] }, 'en').valid).toBe(true);
  });
});
