import type { Locale } from '../../i18n/locales';
import type { ModelDetail } from '../catalog/catalog.api';
import {
  compileModel,
  fromModelDetail,
  price,
  resolve,
  validate,
  type CompiledModel,
  type PriceBreakdown,
  type Resolution,
  type Selection,
  type Violation,
} from './engine';

/*
 * What a tap in the configurator does to the selection. A selection is the trim and the options
 * the buyer picked explicitly; standard fitments follow the trim. Every function here is pure: it
 * answers the next selection when it is valid, or the conflict to show when it is not.
 */

export type OptionGroup = ModelDetail['optionGroups'][number];
export type CatalogOption = OptionGroup['options'][number];
export type Trim = ModelDetail['trims'][number];
export type Availability = CatalogOption['availability'][string];

/** A model ready to configure: the catalog's detail in one locale and the engine's compiled form of it. */
export interface Configurable {
  detail: ModelDetail;
  compiled: CompiledModel;
  /** The locale of the detail's names, which the engine's messages use too. */
  locale: Locale;
  groupOf: Map<string, OptionGroup>;
  optionOf: Map<string, CatalogOption>;
  /** The store's plate-registration fee in fen, for the on-the-road estimate. */
  plateFee: number;
}

export function configurableOf(detail: ModelDetail, plateFee: number): Configurable {
  const groupOf = new Map<string, OptionGroup>();
  const optionOf = new Map<string, CatalogOption>();
  for (const group of detail.optionGroups) {
    for (const option of group.options) {
      groupOf.set(option.code, group);
      optionOf.set(option.code, option);
    }
  }
  return { detail, compiled: compileModel(fromModelDetail(detail)), locale: detail.locale, groupOf, optionOf, plateFee };
}

/** A catalog without a row for a trim means optional, as in the engine. */
export function availabilityOf(option: CatalogOption, trim: string): Availability {
  return option.availability[trim] ?? 'optional';
}

/** The live price of a valid selection, with the store's plate fee; null when the selection is invalid. */
export function priceOf(model: Configurable, selection: Selection): PriceBreakdown | null {
  if (!validate(model.compiled, selection, model.locale).valid) return null;
  return price(model.compiled, selection, { plateFee: model.plateFee });
}

/** How a change proposed for a conflict is made. */
export interface Fix {
  selection: Selection;
  /** The engine's one-sentence explanation of the change, when the engine proposed it. */
  summary?: string;
  /** Options taken off because they need the one being removed (a removal the engine does not propose). */
  removes?: string[];
  /** The trim the fix switches to, if it does. */
  switchesTo?: string;
  /** Options the fix itself adds or removes. */
  changed: string[];
  /** Everything fitted or no longer fitted once the fix is made, standard fitments included. */
  effects: { added: string[]; removed: string[] };
}

export interface Conflict {
  /** The invalid selection the buyer's tap would give. */
  attempted: Selection;
  /** The option or trim just chosen, or removed; absent for a selection that arrived invalid. */
  intent?: { code: string; kind: 'option' | 'trim' | 'removal' };
  violations: Violation[];
  /** Null when no valid configuration keeps what was chosen. */
  fix: Fix | null;
}

export type Outcome = { kind: 'valid'; selection: Selection } | { kind: 'conflict'; conflict: Conflict };

function outcome(model: Configurable, attempted: Selection, intent: Conflict['intent']): Outcome {
  const validation = validate(model.compiled, attempted, model.locale);
  if (validation.valid) return { kind: 'valid', selection: attempted };
  return { kind: 'conflict', conflict: { attempted, intent, violations: validation.violations, fix: engineFix(model, attempted, intent) } };
}

function engineFix(model: Configurable, attempted: Selection, intent: Conflict['intent']): Fix | null {
  let resolution: Resolution;
  try {
    resolution = resolve(model.compiled, attempted, model.locale, intent && intent.kind !== 'removal' ? intent.code : undefined);
  } catch {
    return null; // no valid configuration at all, or none found within the search budget
  }
  if (!resolution.intentKept) return null;
  const switched = resolution.changes.find((change) => change.kind === 'switch_trim')?.trim;
  return {
    selection: resolution.selection,
    summary: resolution.summary,
    ...(switched ? { switchesTo: switched } : {}),
    changed: resolution.changes.flatMap((change) => (change.option ? [change.option] : [])),
    effects: resolution.effects,
  };
}

/** The conflict of a selection that arrived invalid (an edited link, a catalog that changed since). */
export function conflictOf(model: Configurable, selection: Selection): Conflict | null {
  const result = outcome(model, selection, undefined);
  return result.kind === 'conflict' ? result.conflict : null;
}

/** The codes of the options fitted to a valid selection: picked, standard or included. */
export function fittedCodes(breakdown: PriceBreakdown | null): Set<string> {
  return new Set(breakdown?.options.map((line) => line.code) ?? []);
}

/**
 * Chooses an option of a single-choice group: it replaces the group's other picks. A standard
 * option is not picked explicitly when dropping the other picks already fits it, so that changing
 * trim later brings that trim's own standard fitment.
 */
export function chooseOne(model: Configurable, selection: Selection, code: string): Outcome {
  const group = model.groupOf.get(code);
  const others = selection.options.filter((picked) => model.groupOf.get(picked) !== group);
  const option = model.optionOf.get(code);
  if (option && availabilityOf(option, selection.trim) === 'standard') {
    const lean = { trim: selection.trim, options: others };
    if (fittedCodes(priceOf(model, lean)).has(code)) return { kind: 'valid', selection: lean };
  }
  return outcome(model, { trim: selection.trim, options: [...others, code] }, { code, kind: 'option' });
}

/** Adds an option of a multiple-choice group (packs, accessories), or takes a picked one off. */
export function toggle(model: Configurable, selection: Selection, code: string): Outcome {
  if (!selection.options.includes(code)) {
    return outcome(model, { trim: selection.trim, options: [...selection.options, code] }, { code, kind: 'option' });
  }
  const attempted = { trim: selection.trim, options: selection.options.filter((picked) => picked !== code) };
  const validation = validate(model.compiled, attempted, model.locale);
  if (validation.valid) return { kind: 'valid', selection: attempted };
  // The engine's smallest fix for a removal may put the option straight back: take off what needs it instead.
  return {
    kind: 'conflict',
    conflict: { attempted, intent: { code, kind: 'removal' }, violations: validation.violations, fix: removalFix(model, attempted) },
  };
}

function removalFix(model: Configurable, attempted: Selection): Fix | null {
  let options = attempted.options;
  const removes: string[] = [];
  for (let round = 0; round < 8; round++) {
    const { valid, violations } = validate(model.compiled, { trim: attempted.trim, options }, model.locale);
    if (valid) return { selection: { trim: attempted.trim, options }, removes, changed: removes, effects: { added: [], removed: [] } };
    const subjects = violations.map((v) => v.options[0]).filter((code): code is string => !!code && options.includes(code));
    if (subjects.length === 0) return null;
    removes.push(...subjects.filter((code) => !removes.includes(code)));
    options = options.filter((picked) => !subjects.includes(picked));
  }
  return null;
}

/** Changes trim, keeping the picks; a pick the new trim cannot have is a conflict the engine resolves. */
export function switchTrim(model: Configurable, selection: Selection, trim: string): Outcome {
  return outcome(model, { trim, options: selection.options }, { code: trim, kind: 'trim' });
}

/** Whether a trim offers an option at all, for "available on …" hints. */
export function trimsOffering(model: Configurable, code: string): Trim[] {
  const option = model.optionOf.get(code);
  if (!option) return [];
  return model.detail.trims.filter((trim) => availabilityOf(option, trim.code) !== 'unavailable');
}

/** The swatch of the paint fitted to a selection, or the model's first paint. */
export function paintSwatch(detail: ModelDetail, fitted: Set<string>): string | null {
  const paints = detail.optionGroups.find((group) => group.code === 'paint')?.options ?? [];
  return (paints.find((option) => fitted.has(option.code)) ?? paints[0])?.swatch ?? null;
}
