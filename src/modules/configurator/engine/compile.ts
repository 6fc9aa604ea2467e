import type { ConfigModel, ConfigOption, ConfigRule, ConfigTrim, LocalizedText, RuleKind } from './types.js';

/** Availability codes in CompiledModel.availability. */
export const OPTIONAL = 0;
export const STANDARD = 1;
export const UNAVAILABLE = 2;

export interface CompiledOption {
  index: number;
  code: string;
  name: LocalizedText;
  price: number;
  group: number;
}

export interface CompiledGroup {
  index: number;
  code: string;
  name: LocalizedText;
  single: boolean;
  required: boolean;
  members: number[];
}

export interface CompiledRule {
  index: number;
  source: ConfigRule;
  kind: RuleKind;
  /** Option index of the rule's subject, or -1 when the catalog has no such option (lint reports it). */
  subject: number;
  targetOptions: number[];
  targetTrims: number[];
  /** Targets that are neither an option nor a trim of the model: never present. */
  unknownTargets: string[];
}

/**
 * A model indexed once for the engine: options and trims are small integers, availability is a
 * trims × options table, and every per-call question (what a trim fits by default, what an option
 * brings in, which rules speak about it) is an array lookup.
 */
export interface CompiledModel {
  model: ConfigModel;
  optionCount: number;
  trims: ConfigTrim[];
  trimIndex: ReadonlyMap<string, number>;
  options: CompiledOption[];
  optionIndex: ReadonlyMap<string, number>;
  groups: CompiledGroup[];
  singleGroups: number[];
  /** Per option: its group index. */
  groupOf: Int32Array;
  /** availability[trim * optionCount + option]: OPTIONAL | STANDARD | UNAVAILABLE. */
  availability: Uint8Array;
  /** Per trim: standard options of multiple-choice groups, always fitted. */
  fixedStandard: number[][];
  /** Per trim, per group: the standard option a single-choice group falls back to, or -1. */
  defaults: Int32Array[];
  rules: CompiledRule[];
  requiresRules: CompiledRule[];
  excludesRules: CompiledRule[];
  /** Per option: the options its includes rules bring in directly. */
  includes: number[][];
  /** Per option: the options that include it directly. */
  includers: number[][];
  /** Per option: itself and everything it brings in, transitively. */
  closure: number[][];
  /** Per option: options that can never be fitted with it (an excludes rule either way, or the same single-choice group). */
  conflicts: number[][];
  /**
   * blocked[trim * optionCount + option] = 1 when the option can never be fitted on that trim:
   * unavailable there, excluding the trim or itself, or requiring only other trims.
   */
  blocked: Uint8Array;
  /** Like blocked, for the option or anything its includes bring in. */
  closureBlocked: Uint8Array;
  /**
   * pickable[trim * optionCount + option] = 1 when picking the option explicitly can make a
   * difference there: it can be fitted, and it is optional, or standard in a single-choice group
   * without being that group's default (a second standard colour, say). Picking an option the trim
   * fits anyway changes nothing, so searches skip it.
   */
  pickable: Uint8Array;
  /**
   * Work units (search.ts) of fitting one option for sure in a ForcedSet and taking it out again:
   * each option of its closure, and each conflict of those.
   */
  pickCost: Int32Array;
  /** Work units of fitting, validating and pricing one candidate: options, include edges, groups, rule targets. */
  evalCost: number;
}

export function compileModel(model: ConfigModel): CompiledModel {
  const trimIndex = new Map<string, number>();
  model.trims.forEach((trim, i) => {
    if (trimIndex.has(trim.code)) throw new Error(`configurator: model ${model.slug} has two trims coded "${trim.code}"`);
    trimIndex.set(trim.code, i);
  });

  const options: CompiledOption[] = [];
  const sources: ConfigOption[] = [];
  const optionIndex = new Map<string, number>();
  const groups: CompiledGroup[] = model.groups.map((group, g) => {
    const members: number[] = [];
    for (const option of group.options) {
      if (optionIndex.has(option.code) || trimIndex.has(option.code)) {
        throw new Error(`configurator: model ${model.slug} uses the code "${option.code}" twice`);
      }
      const index = options.length;
      optionIndex.set(option.code, index);
      options.push({ index, code: option.code, name: option.name, price: option.price, group: g });
      sources.push(option);
      members.push(index);
    }
    return { index: g, code: group.code, name: group.name, single: group.choice === 'single', required: group.required, members };
  });
  const n = options.length;
  const singleGroups = groups.filter((g) => g.single).map((g) => g.index);

  const availability = new Uint8Array(model.trims.length * n);
  const fixedStandard: number[][] = [];
  const defaults: Int32Array[] = [];
  model.trims.forEach((trim, t) => {
    const fixed: number[] = [];
    const byGroup = new Int32Array(groups.length).fill(-1);
    for (const option of options) {
      const value = sources[option.index]?.availability[trim.code] ?? 'optional';
      const code = value === 'standard' ? STANDARD : value === 'unavailable' ? UNAVAILABLE : OPTIONAL;
      availability[t * n + option.index] = code;
      if (code !== STANDARD) continue;
      // A single-choice group falls back to its first standard option; lint flags a second one.
      if (groups[option.group]?.single) {
        if (byGroup[option.group] === -1) byGroup[option.group] = option.index;
      } else {
        fixed.push(option.index);
      }
    }
    fixedStandard.push(fixed);
    defaults.push(byGroup);
  });

  const rules: CompiledRule[] = model.rules.map((source, index) => {
    const targetOptions: number[] = [];
    const targetTrims: number[] = [];
    const unknownTargets: string[] = [];
    for (const target of source.targets) {
      const o = optionIndex.get(target);
      const t = trimIndex.get(target);
      if (o !== undefined) targetOptions.push(o);
      else if (t !== undefined) targetTrims.push(t);
      else unknownTargets.push(target);
    }
    const subject = optionIndex.get(source.option) ?? -1;
    return { index, source, kind: source.kind, subject, targetOptions, targetTrims, unknownTargets };
  });
  const known = rules.filter((r) => r.subject >= 0);

  const includes: number[][] = options.map(() => []);
  const includers: number[][] = options.map(() => []);
  const conflictSets: Set<number>[] = options.map(() => new Set<number>());
  for (const rule of known) {
    for (const target of rule.targetOptions) {
      if (rule.kind === 'includes' && target !== rule.subject) {
        includes[rule.subject]?.push(target);
        includers[target]?.push(rule.subject);
      }
      if (rule.kind === 'excludes') {
        conflictSets[rule.subject]?.add(target);
        conflictSets[target]?.add(rule.subject);
      }
    }
  }
  for (const group of groups) {
    if (!group.single) continue;
    for (const a of group.members) for (const b of group.members) conflictSets[a]?.add(b);
  }
  // An option excluding itself is a lint finding, not a pair conflict.
  conflictSets.forEach((set, o) => set.delete(o));

  const closure = options.map((option) => {
    const seen = new Set<number>([option.index]);
    const stack = [option.index];
    for (let o = stack.pop(); o !== undefined; o = stack.pop()) {
      for (const x of includes[o] ?? []) if (!seen.has(x)) (seen.add(x), stack.push(x));
    }
    return [...seen];
  });

  const blocked = new Uint8Array(model.trims.length * n);
  for (let t = 0; t < model.trims.length; t++) {
    for (let o = 0; o < n; o++) if (availability[t * n + o] === UNAVAILABLE) blocked[t * n + o] = 1;
    for (const rule of known) {
      const slot = t * n + rule.subject;
      if (rule.kind === 'excludes' && (rule.targetTrims.includes(t) || rule.targetOptions.includes(rule.subject))) blocked[slot] = 1;
      if (rule.kind === 'requires' && rule.targetOptions.length === 0 && !rule.targetTrims.includes(t)) blocked[slot] = 1;
    }
  }
  const closureBlocked = new Uint8Array(blocked.length);
  for (let t = 0; t < model.trims.length; t++) {
    for (let o = 0; o < n; o++) if ((closure[o] ?? []).some((x) => blocked[t * n + x] === 1)) closureBlocked[t * n + o] = 1;
  }

  const pickable = new Uint8Array(blocked.length);
  for (let t = 0; t < model.trims.length; t++) {
    for (const option of options) {
      const slot = t * n + option.index;
      const group = groups[option.group]!;
      // A single-choice group's default fits by itself, so picking it changes nothing, unless it
      // includes other options: picked, those come in before other groups fall back to their defaults.
      const isDefault = defaults[t]![option.group] === option.index;
      const useful =
        availability[slot] === OPTIONAL ||
        (availability[slot] === STANDARD && group.single && (!isDefault || closure[option.index]!.length > 1));
      if (useful && closureBlocked[slot] === 0) pickable[slot] = 1;
    }
  }

  const conflicts = conflictSets.map((s) => [...s].sort((a, b) => a - b));
  const pickCost = Int32Array.from(closure, (xs) => 2 * xs.reduce((sum, x) => sum + 1 + conflicts[x]!.length, 0));
  const ruleTargets = known.reduce((sum, r) => sum + 1 + r.targetOptions.length + r.targetTrims.length, 0);
  const evalCost = 3 * n + includes.reduce((sum, xs) => sum + xs.length, 0) + groups.length + ruleTargets;

  return {
    model,
    optionCount: n,
    trims: model.trims,
    trimIndex,
    options,
    optionIndex,
    groups,
    singleGroups,
    groupOf: Int32Array.from(options, (o) => o.group),
    availability,
    fixedStandard,
    defaults,
    rules,
    requiresRules: known.filter((r) => r.kind === 'requires'),
    excludesRules: known.filter((r) => r.kind === 'excludes'),
    includes,
    includers,
    closure,
    conflicts,
    blocked,
    closureBlocked,
    pickable,
    pickCost,
    evalCost,
  };
}
