import type { CompiledModel, CompiledRule } from './compile.js';
import { UNAVAILABLE } from './compile.js';
import { EXPLICIT, Workspace } from './effective.js';
import { Names } from './names.js';
import type { ConfigRule, Locale, Selection, Validation, Violation } from './types.js';

/** A selection in the engine's terms: the trim index (-1 if unknown) and known picks, first occurrence kept. */
export interface ParsedSelection {
  trim: number;
  picks: number[];
  unknown: string[];
  duplicates: string[];
}

export function parseSelection(c: CompiledModel, selection: Selection): ParsedSelection {
  const picks: number[] = [];
  const unknown: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  for (const code of selection.options) {
    if (seen.has(code)) {
      if (!duplicates.includes(code) && c.optionIndex.has(code)) duplicates.push(code);
      continue;
    }
    seen.add(code);
    const o = c.optionIndex.get(code);
    if (o === undefined) unknown.push(code);
    else picks.push(o);
  }
  return { trim: c.trimIndex.get(selection.trim) ?? -1, picks, unknown, duplicates };
}

/**
 * Every violation of a selection, each explained in the buyer's locale. An unknown trim leaves
 * nothing to check options against, so only the options' own problems are listed with it. More
 * options than the model has is reported alone: it bounds the work a request can cause.
 */
export function validate(c: CompiledModel, selection: Selection, locale: Locale): Validation {
  const names = new Names(c, locale);
  const violations: Violation[] = [];
  if (!c.trimIndex.has(selection.trim)) {
    violations.push({
      code: 'CONFIGURATOR_UNKNOWN_TRIM',
      options: [],
      trim: selection.trim,
      message: names.say.unknownTrim(names.model(), selection.trim),
    });
  }
  if (selection.options.length > c.optionCount) {
    violations.push({
      code: 'CONFIGURATOR_TOO_MANY_OPTIONS',
      options: [],
      message: names.say.tooManyOptions(names.model(), selection.options.length, c.optionCount),
    });
    return { valid: false, violations };
  }
  const { trim, picks, unknown, duplicates } = parseSelection(c, selection);
  for (const code of unknown) {
    violations.push({ code: 'CONFIGURATOR_UNKNOWN_OPTION', options: [code], message: names.say.unknownOption(names.model(), code) });
  }
  for (const code of duplicates) {
    const o = c.optionIndex.get(code) ?? -1;
    violations.push({ code: 'CONFIGURATOR_DUPLICATE_OPTION', options: [code], message: names.say.duplicateOption(names.option(o)) });
  }
  if (trim >= 0) {
    const ws = new Workspace(c);
    ws.fit(trim, picks);
    violations.push(...diagnose(c, ws, trim, names));
  }
  return { valid: violations.length === 0, violations };
}

/** The violations of the configuration last fitted in `ws`: availability, groups, then rules in catalog order. */
export function diagnose(c: CompiledModel, ws: Workspace, trim: number, names: Names): Violation[] {
  const { state, groupCount } = ws;
  const say = names.say;
  const code = (o: number) => c.options[o]?.code ?? '';
  const trimCode = c.trims[trim]?.code ?? '';
  const out: Violation[] = [];

  for (let o = 0; o < c.optionCount; o++) {
    if (state[o] === 0 || c.availability[trim * c.optionCount + o] !== UNAVAILABLE) continue;
    const includer = (state[o]! & EXPLICIT) === 0 ? c.includers[o]?.find((p) => state[p] !== 0) : undefined;
    out.push({
      code: 'CONFIGURATOR_UNAVAILABLE_ON_TRIM',
      options: includer === undefined ? [code(o)] : [code(o), code(includer)],
      trim: trimCode,
      message:
        includer === undefined
          ? say.unavailableOnTrim(names.option(o), names.trim(trim))
          : say.includedUnavailable(names.option(includer), names.option(o), names.trim(trim)),
    });
  }

  for (const group of c.groups) {
    const count = groupCount[group.index] ?? 0;
    if (group.single && count > 1) {
      const fitted = group.members.filter((o) => state[o] !== 0);
      out.push({
        code: 'CONFIGURATOR_GROUP_CONFLICT',
        options: fitted.map(code),
        group: group.code,
        message: say.groupConflict(names.group(group.index), fitted.map((o) => names.option(o))),
      });
    }
    if (group.required && count === 0) {
      out.push({
        code: 'CONFIGURATOR_GROUP_REQUIRED',
        options: [],
        group: group.code,
        message: say.groupRequired(names.group(group.index)),
      });
    }
  }

  for (const rule of c.rules) {
    if (rule.subject < 0 || state[rule.subject] === 0) continue;
    if (rule.kind === 'requires' && !satisfied(rule, state, trim)) {
      out.push({
        code: 'CONFIGURATOR_REQUIRES_UNMET',
        rule: copyRule(rule.source),
        options: [code(rule.subject), ...rule.targetOptions.map(code)],
        message: say.requiresUnmet(names.option(rule.subject), names.targets(rule)),
      });
    }
    if (rule.kind === 'excludes') {
      const options = rule.targetOptions.filter((x) => state[x] !== 0);
      const trimHit = rule.targetTrims.includes(trim);
      if (options.length === 0 && !trimHit) continue;
      out.push({
        code: 'CONFIGURATOR_EXCLUDES_CONFLICT',
        rule: copyRule(rule.source),
        options: [code(rule.subject), ...options.map(code)],
        ...(trimHit ? { trim: trimCode } : {}),
        message: say.excludesConflict(names.option(rule.subject), [
          ...options.map((o) => names.optionRef(o)),
          ...(trimHit ? [names.trimRef(trim)] : []),
        ]),
      });
    }
  }
  return out;
}

function satisfied(rule: CompiledRule, state: Uint8Array, trim: number): boolean {
  return rule.targetTrims.includes(trim) || rule.targetOptions.some((x) => state[x] !== 0);
}

function copyRule(rule: ConfigRule): ConfigRule {
  return { kind: rule.kind, option: rule.option, targets: [...rule.targets] };
}
