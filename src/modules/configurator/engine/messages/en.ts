import { joinList, shortName, type Phrasebook, type Ref, type Step } from './text.js';

// English needs an article and verb agreement: "The roof box requires…", "The 19-inch wheels require…".

/** "Roof box" reads "the roof box"; names in title case or with acronyms ("Glacier White", "BOSE…") keep their capitals. */
function casual(name: string): string {
  const words = name.split(' ');
  const first = words[0] ?? '';
  const sentenceCase = /^[A-Z][a-z'’-]*$/u.test(first) && words.slice(1).every((w) => !/^[A-Z]/u.test(w));
  return sentenceCase ? first.charAt(0).toLowerCase() + name.slice(1) : name;
}

function plural(name: string): boolean {
  const last = (shortName(name).split(' ').pop() ?? '').replace(/[^\p{L}]+$/u, '');
  return /[^s]s$/u.test(last);
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const the = (option: string) => `the ${casual(shortName(option))}`;
const trimOf = (trim: string) => `the ${shortName(trim)} trim`;
/** "requires" for one thing, "require" for several: the name decides ("the wheels require"). */
const agree = (option: string, verb: string) => (plural(option) ? verb.replace(/s$/u, '') : verb);
const is = (option: string) => (plural(option) ? 'are' : 'is');
const its = (option: string) => (plural(option) ? 'their' : 'its');
const The = (option: string) => cap(the(option));
const or = (items: string[]) => joinList(items, ' or ');
const and = (items: string[]) => joinList(items, ' and ');

function refs(targets: Ref[], conj: (items: string[]) => string): string {
  const parts: string[] = [];
  for (const t of targets) if (t.kind === 'option') parts.push(the(t.name));
  for (const t of targets) if (t.kind === 'code') parts.push(`"${t.code}"`);
  const trims = targets.flatMap((t) => (t.kind === 'trim' ? [shortName(t.name)] : []));
  if (trims.length > 0) parts.push(`the ${conj(trims)} trim`);
  return conj(parts);
}

const refName = (ref: Ref) => (ref.kind === 'option' ? the(ref.name) : ref.kind === 'trim' ? trimOf(ref.name) : `"${ref.code}"`);

function imperative(step: Step): string {
  switch (step.kind) {
    case 'switch_trim':
      return `switch to ${trimOf(step.trim)}`;
    case 'add':
      return `add ${the(step.option)}`;
    case 'replace':
      return `replace ${the(step.from)} with ${the(step.option)}`;
    case 'remove':
      return `remove ${the(step.option)}`;
  }
}

const GERUND: Record<string, string> = { switch: 'switching', add: 'adding', replace: 'replacing', remove: 'removing' };

function gerund(step: Step): string {
  const [head = '', ...rest] = imperative(step).split(' ');
  return [GERUND[head] ?? head, ...rest].join(' ');
}

export const en: Phrasebook = {
  unknownTrim: (model, code) => `The ${model} has no trim "${code}".`,
  unknownOption: (model, code) => `The ${model} has no option "${code}".`,
  duplicateOption: (o) => `${The(o)} ${is(o)} selected more than once.`,
  tooManyOptions: (model, count, max) => `${count} options were selected, but the ${model} offers only ${max}.`,
  unavailableOnTrim: (o, trim) => `${The(o)} ${is(o)} not available on ${trimOf(trim)}.`,
  includedUnavailable: (p, o, trim) =>
    `${The(p)} ${agree(p, 'includes')} ${the(o)}, which ${is(o)} not available on ${trimOf(trim)}.`,
  groupConflict: (group, options) =>
    `Only one choice of ${casual(group)} is possible: ${and(options.map(the))} cannot be fitted together.`,
  groupRequired: (group) => `Please choose an option for the ${casual(group)}.`,
  requiresUnmet: (o, targets) => `${The(o)} ${agree(o, 'requires')} ${refs(targets, or)}.`,
  excludesConflict: (o, present) => `${The(o)} cannot be combined with ${refs(present, and)}.`,

  summaryValid: () => 'This configuration is valid.',
  summaryFix: (steps) => `To make this configuration valid, ${and(steps.map(imperative))}.`,
  summaryIntent: (intent, steps) => `Choosing ${refName(intent)} means ${and(steps.map(gerund))}.`,
  summaryIntentDropped: (model, intent, steps) =>
    `No valid configuration of the ${model} can include ${refName(intent)}, so it was left out.` +
    (steps.length > 0 ? ` To make the rest valid, ${and(steps.map(imperative))}.` : ''),
  intentImpossible: (model, intent) => `No valid configuration of the ${model} can include ${refName(intent)}.`,

  unreachableUnavailable: (o) => `${The(o)} ${is(o)} unavailable on every trim.`,
  unreachableByRule: (o, why) => `${The(o)} can never be fitted: ${why}`,
  unreachable: (o) => `No valid configuration contains ${the(o)}.`,
  unknownSubject: (kind, code, model) =>
    `${/^[aeiou]/u.test(kind) ? 'An' : 'A'} "${kind}" rule is about "${code}", which is not an option of the ${model}.`,
  unknownTarget: (o, kind, code, model) =>
    `The "${kind}" rule of ${the(o)} names "${code}", which is neither an option nor a trim of the ${model}.`,
  includesTrim: (o, trim) => `The "includes" rule of ${the(o)} names ${trimOf(trim)}; only options can be included.`,
  requiresExcluded: (o, targets) =>
    `${The(o)} both ${agree(o, 'requires')} and ${agree(o, 'excludes')} ${refs(targets, or)}.`,
  requiresImpossible: (o, targets) =>
    `${The(o)} ${agree(o, 'requires')} ${refs(targets, or)}, ` +
    `but none of them can be fitted on a trim where ${the(o)} ${is(o)} available.`,
  includesExcluded: (o, t) => `${The(o)} both ${agree(o, 'includes')} and ${agree(o, 'excludes')} ${the(t)}.`,
  includesUnavailable: (o, t) =>
    `${The(o)} ${agree(o, 'includes')} ${the(t)}, ` +
    `which ${is(t)} unavailable on every trim where ${the(o)} ${is(o)} available.`,
  includesGroupConflict: (o, group, targets) =>
    `${The(o)} ${agree(o, 'includes')} ${and(targets.map(the))}, but only one choice of ${casual(group)} is possible.`,
  forcedConflict: (o, a, b) =>
    `${The(o)} can never be fitted: ${its(o)} rules bring in ${the(a)} and ${the(b)}, which cannot be fitted together.`,
  forcedConflictWithSelf: (o, other) =>
    `${The(o)} can never be fitted: ${its(o)} rules bring in ${the(other)}, ` +
    `which cannot be fitted with ${plural(o) ? 'them' : 'it'}.`,
  forcedTrims: (o, a, b) =>
    `${The(o)} can never be fitted: ${its(o)} rules require both ${trimOf(a)} and ${trimOf(b)}.`,
};
