/**
 * Something a message names: an option or a trim by its localized name, or a code the catalog
 * does not know (shown as typed).
 */
export type Ref = { kind: 'option'; name: string } | { kind: 'trim'; name: string } | { kind: 'code'; code: string };

/** One edit proposed by resolve, with localized names. */
export type Step =
  | { kind: 'switch_trim'; trim: string }
  | { kind: 'add'; option: string }
  | { kind: 'replace'; option: string; from: string }
  | { kind: 'remove'; option: string };

/**
 * Every sentence the engine says, per locale. Names arrive already localized; each locale
 * owns its grammar (articles and agreement in en, « » and elision in fr, 、/或 in zh).
 */
export interface Phrasebook {
  unknownTrim(model: string, code: string): string;
  unknownOption(model: string, code: string): string;
  duplicateOption(option: string): string;
  tooManyOptions(model: string, count: number, max: number): string;
  unavailableOnTrim(option: string, trim: string): string;
  includedUnavailable(includer: string, option: string, trim: string): string;
  groupConflict(group: string, options: string[]): string;
  groupRequired(group: string): string;
  requiresUnmet(option: string, targets: Ref[]): string;
  excludesConflict(option: string, present: Ref[]): string;

  summaryValid(): string;
  summaryFix(steps: Step[]): string;
  summaryIntent(intent: Ref, steps: Step[]): string;
  summaryIntentDropped(model: string, intent: Ref, steps: Step[]): string;
  intentImpossible(model: string, intent: Ref): string;

  unreachableUnavailable(option: string): string;
  unreachableByRule(option: string, why: string): string;
  unreachable(option: string): string;
  unknownSubject(kind: string, code: string, model: string): string;
  unknownTarget(option: string, kind: string, code: string, model: string): string;
  includesTrim(option: string, trim: string): string;
  requiresExcluded(option: string, targets: Ref[]): string;
  requiresImpossible(option: string, targets: Ref[]): string;
  includesExcluded(option: string, target: string): string;
  includesUnavailable(option: string, target: string): string;
  includesGroupConflict(option: string, group: string, targets: string[]): string;
  forcedConflict(option: string, a: string, b: string): string;
  forcedConflictWithSelf(option: string, other: string): string;
  forcedTrims(option: string, a: string, b: string): string;
}

/** Drops a trailing parenthetical ("BOSE sound pack (12 speakers)" -> "BOSE sound pack"): messages name, they don't describe. */
export function shortName(name: string): string {
  const short = name.replace(/\s*[（(][^（）()]*[)）]\s*$/u, '');
  return short === '' ? name : short;
}

/** "A", "A or B", "A, B or C" (the joiner is the locale's word). */
export function joinList(items: string[], last: string, comma = ', '): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(comma)}${last}${items[items.length - 1]}`;
}
