import { describe, expect, it } from 'vitest';
import {
  catalogRefusalOf,
  checkRules,
  fenToYuanText,
  findingsAbout,
  findingsAboutRule,
  incompleteness,
  isCatalogCode,
  parseCodes,
  yuanTextToFen,
} from '../../web/src/features/catalog-admin/catalog-admin-rules.js';

describe('a catalog price', () => {
  it('is shown in yuan, with fen only when there are some', () => {
    expect(fenToYuanText(15_980_000)).toBe('159800');
    expect(fenToYuanText(16_280_050)).toBe('162800.50');
    expect(fenToYuanText(105)).toBe('1.05');
    expect(fenToYuanText(0)).toBe('0');
  });

  it('is taken in yuan, with separators and up to two decimals, as integer fen', () => {
    expect(yuanTextToFen('162,800.50')).toBe(16_280_050);
    expect(yuanTextToFen(' 159800 ')).toBe(15_980_000);
    expect(yuanTextToFen('159，800')).toBe(15_980_000);
    expect(yuanTextToFen('0.1')).toBe(10);
    expect(yuanTextToFen('0.07')).toBe(7);
    expect(yuanTextToFen('1.005')).toBeNull();
    expect(yuanTextToFen('-5')).toBeNull();
    expect(yuanTextToFen('1e6')).toBeNull();
    expect(yuanTextToFen('')).toBeNull();
  });
});

describe('a rule typed in the console', () => {
  const options = ['pk-roof', 'acc-roofbox', 'wh-19'];
  const known = ['kadjar-20-4wd-flagship', ...options];

  it('names its targets separated by commas, Chinese commas or spaces, each once', () => {
    expect(parseCodes('acc-roofbox, wh-19，pk-roof、wh-19  acc-roofbox')).toEqual(['acc-roofbox', 'wh-19', 'pk-roof']);
    expect(parseCodes(' , ')).toEqual([]);
  });

  it('is checked before sending: an option of the model, some targets, all known, not itself', () => {
    const problems = checkRules(
      [
        { kind: 'requires', option: 'wh-19', targets: 'kadjar-20-4wd-flagship' },
        { kind: 'requires', option: 'nope', targets: 'wh-19' },
        { kind: 'excludes', option: 'pk-roof', targets: ' ' },
        { kind: 'excludes', option: 'pk-roof', targets: 'pk-roof' },
        { kind: 'includes', option: 'pk-roof', targets: 'acc-roofbox, kadjar-20-2wd' },
        { kind: 'requires', option: 'kadjar-20-4wd-flagship', targets: 'wh-19' },
      ],
      options,
      known,
    );
    expect([...problems]).toEqual([
      [1, 'catalogAdmin.rules.error.option'],
      [2, 'catalogAdmin.rules.error.targets'],
      [3, 'catalogAdmin.rules.error.self'],
      [4, 'catalogAdmin.rules.error.unknownTarget'],
      [5, 'catalogAdmin.rules.error.option'],
    ]);
  });
});

describe('a refused catalog change', () => {
  const lint = {
    unreachableOptions: [{ option: 'pk-roof', message: 'pk-roof can never be fitted.' }],
    contradictoryRules: [
      {
        rules: [
          { kind: 'requires', option: 'pk-roof', targets: ['acc-roofbox'] },
          { kind: 'excludes', option: 'pk-roof', targets: ['acc-roofbox'] },
        ],
        message: 'pk-roof both requires and excludes acc-roofbox.',
      },
    ],
  };

  it('goes beside the fields its validation errors name, the most precise field first', () => {
    const view = catalogRefusalOf(
      { status: 400, code: 'REQUEST_VALIDATION_FAILED', errors: [{ path: 'body.name.fr' }, { path: '/body/seats' }, { path: 'body.availability.kadjar-x' }] },
      ['name', 'name.fr', 'seats', 'availability.kadjar-x'],
    );
    expect(view.fields).toEqual({ 'name.fr': 'catalogAdmin.error.field', seats: 'catalogAdmin.error.field', 'availability.kadjar-x': 'catalogAdmin.error.field' });
    expect(view.form).toBeNull();
  });

  it('goes under the form when its validation error names no field of it', () => {
    const view = catalogRefusalOf({ status: 400, code: 'REQUEST_VALIDATION_FAILED', errors: [{ path: 'body' }] }, ['price']);
    expect(view).toEqual({ fields: {}, form: 'catalogAdmin.error.field', lint: null, codes: [] });
  });

  it('carries the lint report of a refusal by the check, shown beside the options and rules it names', () => {
    const view = catalogRefusalOf({ status: 422, code: 'CATALOG_LINT_FAILED', lint }, []);
    expect(view.form).toBe('catalogAdmin.error.lintFailed');
    expect(view.lint).toEqual(lint);
    expect(findingsAbout(view.lint, 'pk-roof')).toEqual(['pk-roof can never be fitted.', 'pk-roof both requires and excludes acc-roofbox.']);
    expect(findingsAbout(view.lint, 'acc-roofbox')).toEqual([]);
    expect(findingsAboutRule(view.lint, { kind: 'excludes', option: 'pk-roof', targets: ['acc-roofbox'] })).toEqual(['pk-roof both requires and excludes acc-roofbox.']);
    expect(findingsAboutRule(view.lint, { kind: 'excludes', option: 'pk-roof', targets: ['acc-crossbars'] })).toEqual([]);
  });

  it('names the unknown or clashing code, and says what else went wrong', () => {
    expect(catalogRefusalOf({ status: 404, code: 'CATALOG_NOT_FOUND', catalogCode: 'no-such' }, []).codes).toEqual(['no-such']);
    expect(catalogRefusalOf({ status: 422, code: 'CATALOG_CODE_CLASH', clashingCode: 'wh-19' }, [])).toMatchObject({ form: 'catalogAdmin.error.codeClash', codes: ['wh-19'] });
    expect(catalogRefusalOf({ status: 422, code: 'CATALOG_LINT_FAILED', lint: 'garbled' }, []).lint).toBeNull();
    expect(catalogRefusalOf({ status: 503, code: 'CATALOG_LINT_BUSY' }, []).form).toBe('catalogAdmin.error.busy');
    expect(catalogRefusalOf({ status: 403, code: 'ACCESS_FORBIDDEN' }, []).form).toBe('catalogAdmin.error.forbidden');
    expect(catalogRefusalOf(null, []).form).toBe('catalogAdmin.error.network');
  });

  it('puts a taken or clashing code beside the code box of a form that has one', () => {
    expect(catalogRefusalOf({ status: 409, code: 'CATALOG_ALREADY_EXISTS', catalogCode: 'koleos' }, ['slug', 'name.en'])).toEqual({
      fields: { slug: 'catalogAdmin.error.exists' },
      form: null,
      lint: null,
      codes: [],
    });
    expect(catalogRefusalOf({ status: 409, code: 'CATALOG_ALREADY_EXISTS', catalogCode: 'pk-roof' }, ['code', 'price']).fields).toEqual({ code: 'catalogAdmin.error.exists' });
    expect(catalogRefusalOf({ status: 409, code: 'CATALOG_ALREADY_EXISTS' }, ['price']).form).toBe('catalogAdmin.error.exists');
    expect(catalogRefusalOf({ status: 422, code: 'CATALOG_CODE_CLASH', clashingCode: 'wh-19' }, ['code']).fields).toEqual({ code: 'catalogAdmin.error.codeClash' });
  });
});

describe('a new code', () => {
  it('is lowercase letters, digits and hyphens, as the API takes it', () => {
    expect(['zoe', 'zoe-2018', '2018-zoe', 'a'].filter(isCatalogCode)).toEqual(['zoe', 'zoe-2018', '2018-zoe', 'a']);
    expect(['', 'Zoe', 'zoe 2018', '-zoe', 'zoé', 'x'.repeat(64)].filter(isCatalogCode)).toEqual([]);
  });
});

describe('why a draft cannot be sold yet', () => {
  const trims = [{ code: 't1' }, { code: 't2' }];
  const group = (code: string, required: boolean, options: Record<string, string>[]) => ({ code, required, options: options.map((availability) => ({ availability })) });

  it('names a missing trim and every required group nothing can be taken from', () => {
    expect(incompleteness([], [group('paint', true, [{}]), group('packs', false, [])])).toEqual({ noTrim: true, emptyGroups: ['paint'] });
    expect(
      incompleteness(trims, [
        group('paint', true, [{ t1: 'standard' }]),
        group('interior', true, []),
        group('wheels', true, [{ t1: 'unavailable', t2: 'unavailable' }]),
        group('packs', false, []),
      ]),
    ).toEqual({ noTrim: false, emptyGroups: ['interior', 'wheels'] });
  });

  it('finds nothing missing when every required group offers something on some trim', () => {
    expect(incompleteness(trims, [group('paint', true, [{ t1: 'unavailable' }]), group('packs', false, [])])).toEqual({ noTrim: false, emptyGroups: [] });
  });
});
