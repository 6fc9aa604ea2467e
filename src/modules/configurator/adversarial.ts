import type { ConfigModel, ConfigRule, Selection } from './engine/types.js';

/*
 * Test and bench fixtures: the catalogs that make the configurator work hardest while staying
 * within the catalog limits (catalog.limits.ts: 20 trims, 200 options, 200 rules, 20 targets a
 * rule). They use the option groups every new model gets (paint, interior, wheels single choice
 * and required; packs, accessories multiple choice), so the API suite can build them through the
 * brand console too. Not used at run time.
 */

export type AdversarialShape =
  /** Each pack and accessory excludes the next: a fix for "everything picked" drops half of them. */
  | 'excludes-chain'
  /** Packs include one another in one cycle, accessories exclude the next: every pick fits 84 packs. */
  | 'includes-cycle'
  /** Each accessory requires the next, round in a cycle, or any of 19 packs, and packs exclude the next: wide requires with many ways out. */
  | 'requires-cycle'
  /** Every option optional everywhere and every rule a 20-target excludes: the largest conflict sets. */
  | 'dense-excludes';

export const ADVERSARIAL_SHAPES: AdversarialShape[] = ['excludes-chain', 'includes-cycle', 'requires-cycle', 'dense-excludes'];

const text = (s: string) => ({ 'zh-CN': s, fr: s, en: s });

export interface AdversarialCatalog {
  model: ConfigModel;
  /** The selection that costs its resolve the most work found so far: everything a request may pick. */
  selection: Selection;
  /** The option a buyer just chose in that selection. */
  intent: string;
}

/** 20 trims, 10 paints, 10 interiors, 10 wheels, 85 packs, 85 accessories and 200 rules. */
export function adversarialCatalog(shape: AdversarialShape, slug = `adversarial-${shape}`): AdversarialCatalog {
  const trims = Array.from({ length: 20 }, (_, t) => `t${t}`);
  const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const paints = codes('paint', 10);
  const interiors = codes('int', 10);
  const wheels = codes('wh', 10);
  const packs = codes('pk', 85);
  const accessories = codes('acc', 85);
  const option = (code: string, i: number) => ({
    code,
    name: text(code),
    price: 100_000 + 1_000 * i,
    // The first of each single-choice group is standard on every trim, so a default always exists.
    availability: Object.fromEntries(trims.map((t) => [t, i === 0 && /^(paint|int|wh)-/.test(code) ? 'standard' : 'optional'] as const)),
  });
  const group = (code: string, choice: 'single' | 'multiple', members: string[]) => ({
    code,
    name: text(code),
    choice,
    required: choice === 'single',
    options: members.map(option),
  });

  const rules: ConfigRule[] = [];
  const chain = (kind: ConfigRule['kind'], members: string[], cycle = false) => {
    for (let i = 0; i + 1 < members.length; i++) rules.push({ kind, option: members[i]!, targets: [members[i + 1]!] });
    if (cycle) rules.push({ kind, option: members.at(-1)!, targets: [members[0]!] });
  };
  switch (shape) {
    case 'excludes-chain':
      chain('excludes', accessories);
      chain('excludes', packs);
      break;
    case 'includes-cycle':
      chain('includes', packs, true);
      chain('excludes', accessories);
      break;
    case 'requires-cycle':
      for (let i = 0; i < accessories.length; i++) {
        const next = accessories[(i + 1) % accessories.length]!;
        rules.push({ kind: 'requires', option: accessories[i]!, targets: [next, ...packs.slice(i % 66, (i % 66) + 19)] });
      }
      chain('excludes', packs);
      break;
    case 'dense-excludes':
      for (let i = 0; rules.length < 170; i++) {
        const subject = [...packs, ...accessories][i % 170]!;
        const pool = i % 2 === 0 ? accessories : packs;
        rules.push({ kind: 'excludes', option: subject, targets: pool.slice((i * 7) % 65, ((i * 7) % 65) + 20) });
      }
      break;
  }
  // Fill up to the rule limit with wheels needing trims: they keep every single-choice group busy.
  for (let i = 0; rules.length < 200; i++) {
    rules.push({ kind: 'requires', option: wheels[1 + (i % 9)]!, targets: trims.slice(i % 10, (i % 10) + 10) });
  }

  const model: ConfigModel = {
    slug,
    name: text(slug),
    nev: false,
    seats: 5,
    currency: 'CNY',
    trims: trims.map((code, t) => ({ code, name: text(code), price: 10_000_000 + 100_000 * t })),
    groups: [
      group('paint', 'single', paints),
      group('interior', 'single', interiors),
      group('wheels', 'single', wheels),
      group('packs', 'multiple', packs),
      group('accessories', 'multiple', accessories),
    ],
    rules,
  };
  // 60 picks, the most a request may send: every pack and accessory it can name, alternating.
  const picked = packs.flatMap((p, i) => [p, accessories[i]!]).slice(0, 58);
  return { model, selection: { trim: 't19', options: ['paint-3', 'paint-4', ...picked] }, intent: accessories[7]! };
}
