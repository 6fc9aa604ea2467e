import { DomainError } from '../../../shared/errors.js';
import type { CompiledModel } from './compile.js';
import { Workspace } from './effective.js';
import type { Ref, Step } from './messages/index.js';
import { Names } from './names.js';
import { SEARCH_BUDGET, searchSmallestFix, Steps, type Found, type Keep } from './search.js';
import { diagnose, parseSelection } from './validate.js';
import type { Change, Locale, Resolution, ResolveOutcome, Selection, Violation } from './types.js';

/**
 * The smallest change that makes a selection valid, explained (cost and tie-breaks: search.ts).
 *
 * `intent` is what the buyer just chose, an option or a trim code. It is applied first, as the
 * buyer's own action rather than a change (a chosen option joins the picks, a chosen trim becomes
 * the trim), and no fix removes it unless no valid configuration contains it; then the summary
 * says so and it is resolved without it. Unknown option codes are dropped as changes; a code
 * picked twice is silently kept once (the car is the same). Throws CONFIGURATOR_SEARCH_EXHAUSTED
 * when the search spends its work budget (resolveWithin) before it can prove a fix smallest.
 */
export function resolve(c: CompiledModel, selection: Selection, locale: Locale, intent?: string): Resolution {
  const outcome = resolveWithin(c, selection, locale, intent);
  if (outcome.exhausted) {
    throw new DomainError('unprocessable', 'CONFIGURATOR_SEARCH_EXHAUSTED', `No fix was found for model ${c.model.slug} within the search budget.`);
  }
  return outcome.resolution;
}

/**
 * resolve within a work budget (search.ts): `exhausted` when the search ran out of it before it
 * could prove a fix smallest, and then no fix is offered. `steps` is the work spent either way.
 */
export function resolveWithin(
  c: CompiledModel,
  selection: Selection,
  locale: Locale,
  intent?: string,
  budget: number = SEARCH_BUDGET,
): ResolveOutcome {
  const names = new Names(c, locale);
  const parsed = parseSelection(c, selection);
  const keep: Keep = { option: intent === undefined ? -1 : (c.optionIndex.get(intent) ?? -1), trim: -1 };
  if (intent !== undefined && keep.option < 0) keep.trim = c.trimIndex.get(intent) ?? -1;

  const start = { trim: keep.trim >= 0 ? keep.trim : parsed.trim, picks: [...parsed.picks] };
  if (keep.option >= 0 && !start.picks.includes(keep.option)) start.picks.push(keep.option);
  const hasIntent = keep.option >= 0 || keep.trim >= 0;

  const work = new Steps(budget);
  let found = searchSmallestFix(c, start, keep, work);
  if (found === 'exhausted') return { exhausted: true, steps: work.used };
  const intentKept = found !== null || !hasIntent;
  if (found === null && hasIntent) found = searchSmallestFix(c, start, { option: -1, trim: -1 }, work);
  if (found === 'exhausted') return { exhausted: true, steps: work.used };
  if (found === null) {
    throw new DomainError('unprocessable', 'CONFIGURATOR_NO_VALID_CONFIGURATION', `Model ${c.model.slug} has no valid configuration.`);
  }

  const intentRef: Ref | undefined =
    keep.option >= 0 ? names.optionRef(keep.option) : keep.trim >= 0 ? names.trimRef(keep.trim) : undefined;
  const dropped = intentKept ? undefined : { ...keep, reason: names.say.intentImpossible(names.model(), intentRef!) };
  const changes = describeChanges(c, names, { ...start, trimCode: selection.trim }, found, dropped);
  for (const code of parsed.unknown) {
    changes.push({ kind: 'remove', option: code, because: names.say.unknownOption(names.model(), code) });
  }

  const steps = changes.flatMap((change) => stepOf(c, names, change, dropped?.option ?? -1));
  const summary =
    changes.length === 0
      ? names.say.summaryValid()
      : dropped && intentRef
        ? names.say.summaryIntentDropped(names.model(), intentRef, steps)
        : steps.length === 0 // only unknown codes were dropped
          ? changes.map((change) => change.because).join(locale === 'zh-CN' ? '' : ' ')
          : intentRef
            ? names.say.summaryIntent(intentRef, steps)
            : names.say.summaryFix(steps);

  const kept = start.picks.filter((o) => found.picks.includes(o));
  const added = found.picks.filter((o) => !start.picks.includes(o));
  const resolution: Resolution = {
    selection: { trim: c.trims[found.trim]!.code, options: [...kept, ...added].map((o) => c.options[o]!.code) },
    changes,
    summary,
    intentKept,
    effects: effects(c, parsed, found),
  };
  return { exhausted: false, steps: work.used, resolution };
}

/** The edits from start to found, switch first then in catalog order, each with the violation it avoids. */
function describeChanges(
  c: CompiledModel,
  names: Names,
  start: { trim: number; picks: number[]; trimCode: string },
  found: Found,
  dropped: (Keep & { reason: string }) | undefined,
): Change[] {
  const changes: Change[] = [];
  const ws = new Workspace(c);
  const code = (o: number) => c.options[o]!.code;
  /** Why the final configuration could not have `trim` and `picks` instead: the first violation that involves `subject`. */
  const because = (trim: number, picks: number[], subject: string, prefer: (v: Violation) => boolean = () => false) => {
    ws.fit(trim, picks);
    const violations = diagnose(c, ws, trim, names);
    const involves = (v: Violation) => v.options.includes(subject) || v.rule?.targets.includes(subject) === true || v.trim === subject;
    const hit = violations.find(prefer) ?? violations.find(involves) ?? violations[0];
    return hit?.message ?? names.say.summaryValid();
  };

  if (found.trim !== start.trim) {
    const to = c.trims[found.trim]!.code;
    const from = start.trim >= 0 ? c.trims[start.trim]!.code : undefined;
    const reason =
      start.trim < 0
        ? names.say.unknownTrim(names.model(), start.trimCode)
        : dropped && dropped.trim >= 0
          ? dropped.reason
          : because(start.trim, found.picks, from!, (v) => v.code === 'CONFIGURATOR_REQUIRES_UNMET' && v.rule!.targets.includes(to));
    changes.push({ kind: 'switch_trim', trim: to, ...(from !== undefined ? { from } : {}), because: reason });
  }

  const without = (picks: number[], o: number) => picks.filter((p) => p !== o);
  for (const group of c.groups) {
    const removed = group.members.filter((o) => start.picks.includes(o) && !found.picks.includes(o));
    const added = group.members.filter((o) => !start.picks.includes(o) && found.picks.includes(o));
    if (group.single && added.length === 1 && removed.length > 0) {
      const [o, from] = [added[0]!, removed.shift()!];
      changes.push({
        kind: 'add',
        option: code(o),
        from: code(from),
        because: because(found.trim, [...without(found.picks, o), from], code(from)),
      });
    } else {
      for (const o of added) changes.push({ kind: 'add', option: code(o), because: because(found.trim, without(found.picks, o), code(o)) });
    }
    for (const o of removed) {
      const reason = dropped?.option === o ? dropped.reason : because(found.trim, [...found.picks, o], code(o));
      changes.push({ kind: 'remove', option: code(o), because: reason });
    }
  }
  return changes;
}

function stepOf(c: CompiledModel, names: Names, change: Change, droppedIntent: number): Step[] {
  const name = (code: string | undefined) => names.option(c.optionIndex.get(code ?? '') ?? -1);
  if (change.kind === 'switch_trim') return [{ kind: 'switch_trim', trim: names.trim(c.trimIndex.get(change.trim ?? '') ?? -1) }];
  const o = c.optionIndex.get(change.option ?? '');
  if (o === undefined || o === droppedIntent) return []; // unknown codes and the dropped intent are said separately
  if (change.kind === 'add' && change.from) return [{ kind: 'replace', option: name(change.option), from: name(change.from) }];
  return [{ kind: change.kind, option: name(change.option) }];
}

function effects(c: CompiledModel, parsed: ReturnType<typeof parseSelection>, found: Found): Resolution['effects'] {
  const ws = new Workspace(c);
  const before = new Set<number>();
  if (parsed.trim >= 0) {
    ws.fit(parsed.trim, parsed.picks);
    for (const o of ws.fitted()) before.add(o);
  }
  ws.fit(found.trim, found.picks);
  const after = new Set(ws.fitted());
  const codes = (set: Set<number>, other: Set<number>) =>
    [...set].filter((o) => !other.has(o)).sort((a, b) => a - b).map((o) => c.options[o]!.code);
  return { added: codes(after, before), removed: codes(before, after) };
}
