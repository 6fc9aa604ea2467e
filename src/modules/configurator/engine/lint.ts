import type { CompiledModel, CompiledRule } from './compile.js';
import { UNAVAILABLE } from './compile.js';
import { ForcedSet, Workspace } from './effective.js';
import { Names } from './names.js';
import { searchSmallestFix, Steps } from './search.js';
import type { ConfigRule, Locale, LintReport } from './types.js';

/**
 * A brand admin's check of a model: options no valid configuration can contain, rules that
 * contradict each other or name codes the model lacks, and how many distinct valid cars
 * (effective configurations) each trim allows, counted exhaustively within half the budget.
 */
export function lint(c: CompiledModel, locale: Locale = 'en', budget: number = LINT_BUDGET): LintReport {
  const names = new Names(c, locale);
  const steps = new Steps(budget);
  const findings = ruleFindings(c, names, steps);
  // Counting every car may take half of what is left; past it, reachability is decided option by option.
  const counting = new Steps(steps.exhausted ? 0 : Math.floor((budget - steps.used) / 2));
  const { reachable, counts } = enumerate(c, counting);
  steps.used += counting.used;
  const countsComplete = !counting.exhausted && !steps.exhausted;
  if (!countsComplete && !steps.exhausted) reachBySearch(c, reachable, new Set(findings.filter((f) => f.fatal).map((f) => f.subject)), steps);
  const complete = !steps.exhausted;

  const unreachableOptions: LintReport['unreachableOptions'] = [];
  for (const option of c.options) {
    if (reachable[option.index] === 1) continue;
    const o = option.index;
    const everywhereUnavailable = c.trims.every((_, t) => c.availability[t * c.optionCount + o] === UNAVAILABLE);
    const fatal = findings.find((f) => f.fatal && f.subject === o);
    const message = everywhereUnavailable
      ? names.say.unreachableUnavailable(names.option(o))
      : fatal
        ? names.say.unreachableByRule(names.option(o), fatal.message)
        : names.say.unreachable(names.option(o));
    unreachableOptions.push({ option: option.code, message });
  }

  return {
    unreachableOptions,
    contradictoryRules: findings.map(({ rules, message }) => ({ rules: rules.map((r) => copy(r.source)), message })),
    validConfigurationsByTrim: Object.fromEntries(c.trims.map((trim, t) => [trim.code, counts[t] ?? 0])),
    complete,
    countsComplete,
    steps: steps.used,
  };
}

/**
 * Marks what some valid car fits, for each option enumeration did not reach and no rule finding
 * already rules out (`impossible`): the fix search (search.ts) from "just this option" finds a
 * valid car with it or proves there is none. Stops, leaving `steps` exhausted, at the budget.
 */
function reachBySearch(c: CompiledModel, reachable: Uint8Array, impossible: Set<number>, steps: Steps): void {
  const ws = new Workspace(c);
  for (let o = 0; o < c.optionCount; o++) {
    if (reachable[o] === 1 || impossible.has(o)) continue;
    const found = searchSmallestFix(c, { trim: -1, picks: [o] }, { option: o, trim: -1 }, steps);
    if (found === 'exhausted') return;
    if (found === null) continue;
    ws.fit(found.trim, found.picks);
    for (const x of ws.fitted()) reachable[x] = 1;
  }
}

/**
 * Work units (search.ts) lint may spend: about a tenth of a second of an idle core whatever the catalog
 * (bench/configurator.bench.ts); the demo models need under 2% of it. Past it the report is
 * incomplete, and the catalog refuses to publish the model as too complex.
 */
export const LINT_BUDGET = 100_000_000;

/** Work units of one enumeration node, as in search.ts. */
const VISIT_COST = 10;

interface Finding {
  subject: number;
  rules: CompiledRule[];
  message: string;
  /** The finding alone makes its subject impossible to fit. */
  fatal: boolean;
}

/**
 * Every candidate explicit selection of every trim, backtracking over groups: a single-choice group
 * takes no pick (its standard default) or one pickable option, a multiple-choice group any subset of
 * its pickable options (CompiledModel.pickable). A branch is cut as soon as the options it fits for sure conflict
 * (ForcedSet); each surviving leaf is fitted and validated, and valid ones are counted by their
 * effective configuration, so selections that build the same car count once.
 */
function enumerate(c: CompiledModel, steps: Steps): { reachable: Uint8Array; counts: number[] } {
  const n = c.optionCount;
  const ws = new Workspace(c);
  const forced = new ForcedSet(c);
  const reachable = new Uint8Array(n);
  const counts: number[] = [];
  const chosen: number[] = [];
  const numericKeys = n <= 52;

  for (let t = 0; t < c.trims.length; t++) {
    const row = t * n;
    if (!steps.spend(2 * n + c.fixedStandard[t]!.reduce((sum, o) => sum + c.pickCost[o]!, 0))) break;
    const pickable = (o: number) => c.pickable[row + o] === 1;
    const slots: number[][] = [];
    for (const group of c.groups) {
      if (group.single) slots.push([-1, ...group.members.filter(pickable)]);
      else for (const o of group.members) if (pickable(o)) slots.push([-1, o]);
    }
    const seen = new Set<number | string>();
    const visit = (i: number): void => {
      if (forced.conflicts > 0 || !steps.spend(VISIT_COST)) return;
      if (i === slots.length) {
        if (!steps.spend(c.evalCost + 10 * n)) return; // and its key, a string past 52 options
        ws.fit(t, chosen);
        if (!ws.isValid(t)) return;
        let numeric = 0;
        let text = '';
        for (let o = 0; o < n; o++) {
          if (ws.state[o] === 0) continue;
          reachable[o] = 1;
          if (numericKeys) numeric += 2 ** o;
          else text += `${o},`;
        }
        seen.add(numericKeys ? numeric : text);
        return;
      }
      for (const o of slots[i]!) {
        if (o < 0) {
          visit(i + 1);
          continue;
        }
        if (!steps.spend(c.pickCost[o]!)) return;
        forced.add(o);
        chosen.push(o);
        visit(i + 1);
        chosen.pop();
        forced.remove(o);
      }
    };
    for (const o of c.fixedStandard[t]!) forced.add(o);
    visit(0);
    for (const o of c.fixedStandard[t]!) forced.remove(o);
    counts.push(seen.size);
  }
  return { reachable, counts };
}

/**
 * Static contradictions, rule by rule and along chains of rules that force options or trims.
 * Each option's checks are paid for up front in `steps`; past the budget the rest go unchecked.
 */
function ruleFindings(c: CompiledModel, names: Names, steps: Steps): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  // One finding per set of rules: the first, most specific wording wins.
  const add = (f: Finding, detail = '') => {
    const key = f.rules.map((r) => r.index).sort((a, b) => a - b).join(',') + detail;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  const n = c.optionCount;
  const availableOn = (o: number) => c.trims.map((_, t) => t).filter((t) => c.availability[t * n + o] !== UNAVAILABLE);
  const say = names.say;
  const index = indexRules(c);
  const chainCost = forcedChainCost(c, index);
  if (!steps.spend(4 * c.rules.length + chainCost)) return out;

  for (const rule of c.rules) {
    if (rule.subject < 0) {
      add({ subject: -1, rules: [rule], fatal: false, message: say.unknownSubject(rule.kind, rule.source.option, names.model()) });
      continue;
    }
    const known = rule.targetOptions.length + rule.targetTrims.length;
    for (const code of rule.unknownTargets) {
      add({
        subject: rule.subject,
        rules: [rule],
        fatal: rule.kind === 'requires' && known === 0,
        message: say.unknownTarget(names.option(rule.subject), rule.kind, code, names.model()),
      }, code);
    }
    if (rule.kind === 'includes') {
      for (const t of rule.targetTrims) {
        const message = say.includesTrim(names.option(rule.subject), names.trim(t));
        add({ subject: rule.subject, rules: [rule], fatal: false, message }, `trim:${t}`);
      }
    }
  }

  for (const option of c.options) {
    const o = option.index;
    const mine = index.bySubject[o]!;
    const targets = mine.reduce((sum, r) => sum + 1 + r.targetOptions.length + r.targetTrims.length, 0);
    const checks = targets * (c.trims.length + mine.length + 1) + c.groups.length * c.closure[o]!.length + c.trims.length;
    if (!steps.spend(chainCost + checks)) break;
    const excludes = mine.filter((r) => r.kind === 'excludes');
    const excludedOptions = new Set(excludes.flatMap((r) => r.targetOptions));
    const excludedTrims = new Set(excludes.flatMap((r) => r.targetTrims));
    const trims = availableOn(o);

    for (const rule of mine.filter((r) => r.kind === 'requires')) {
      const known = rule.targetOptions.length + rule.targetTrims.length;
      if (known === 0) continue;
      if (rule.targetOptions.every((x) => excludedOptions.has(x)) && rule.targetTrims.every((t) => excludedTrims.has(t))) {
        const keys = (r: CompiledRule) => [...r.targetOptions.map((x) => `o${x}`), ...r.targetTrims.map((t) => `t${t}`)];
        const by = excludes.filter((e) => keys(e).some((key) => keys(rule).includes(key)));
        add({ subject: o, rules: [rule, ...by], fatal: true, message: say.requiresExcluded(names.option(o), names.targets(rule)) });
        continue;
      }
      const satisfiable = trims.some(
        (t) => rule.targetTrims.includes(t) || rule.targetOptions.some((x) => c.blocked[t * n + x] === 0),
      );
      if (trims.length > 0 && !satisfiable) {
        add({ subject: o, rules: [rule], fatal: true, message: say.requiresImpossible(names.option(o), names.targets(rule)) });
      }
    }

    for (const rule of mine.filter((r) => r.kind === 'includes')) {
      for (const x of rule.targetOptions) {
        const [against] = index.excludesBetween(o, x);
        if (against) {
          add({ subject: o, rules: [rule, against], fatal: true, message: say.includesExcluded(names.option(o), names.option(x)) });
        }
        if (trims.length > 0 && trims.every((t) => c.availability[t * n + x] === UNAVAILABLE)) {
          add({ subject: o, rules: [rule], fatal: true, message: say.includesUnavailable(names.option(o), names.option(x)) });
        }
      }
    }

    const closure = c.closure[o]!;
    for (const group of c.groups) {
      if (!group.single) continue;
      const inGroup = closure.filter((x) => c.groupOf[x] === group.index);
      if (inGroup.length < 2) continue;
      const rules = mine.filter((r) => r.kind === 'includes');
      add({
        subject: o,
        rules,
        fatal: true,
        message: say.includesGroupConflict(names.option(o), names.group(group.index), inGroup.map((x) => names.option(x))),
      });
    }

    if (!forcedChain(c, names, index, o, add, steps)) break;
  }
  return out;
}

interface RuleIndex {
  /** Per option: the rules about it, in catalog order. */
  bySubject: CompiledRule[][];
  /** The excludes rules between two options, either way. */
  excludesBetween(a: number, b: number): CompiledRule[];
}

function indexRules(c: CompiledModel): RuleIndex {
  const bySubject: CompiledRule[][] = c.options.map(() => []);
  const excludes = new Map<number, CompiledRule[]>();
  const key = (a: number, b: number) => Math.min(a, b) * c.optionCount + Math.max(a, b);
  for (const rule of c.rules) {
    if (rule.subject < 0) continue;
    bySubject[rule.subject]!.push(rule);
    if (rule.kind !== 'excludes') continue;
    for (const x of new Set(rule.targetOptions)) {
      const k = key(rule.subject, x);
      excludes.set(k, [...(excludes.get(k) ?? []), rule]);
    }
  }
  return { bySubject, excludesBetween: (a, b) => excludes.get(key(a, b)) ?? [] };
}

/**
 * forcedChain's work for one option before it finds anything, at worst: the chain reaches every
 * option, scans every rule and checks every conflict. Each finding is paid for when found.
 */
function forcedChainCost(c: CompiledModel, index: RuleIndex): number {
  let cost = 0;
  for (let x = 0; x < c.optionCount; x++) {
    cost += 2 + c.conflicts[x]!.length;
    for (const rule of index.bySubject[x]!) cost += 1 + rule.targetOptions.length + rule.targetTrims.length;
  }
  return cost;
}

/**
 * What fitting `o` forces: everything it includes, and whatever a requires rule with a single target
 * names, transitively. Two forced trims, or two forced options that can never be fitted together,
 * make `o` impossible (e.g. A requires B, B requires C, C excludes A). False when `steps` ran out.
 */
function forcedChain(c: CompiledModel, names: Names, index: RuleIndex, o: number, add: (f: Finding) => void, steps: Steps): boolean {
  const why = new Map<number, CompiledRule | null>([[o, null]]);
  // A finding walks two chains of at most every option, and words a sentence.
  const findingCost = () => 4 * why.size + 50;
  const trimWhy = new Map<number, CompiledRule>();
  const queue = [o];
  for (let head = 0; head < queue.length; head++) {
    const x = queue[head]!;
    for (const rule of index.bySubject[x]!) {
      const single = rule.kind === 'requires' && rule.targetOptions.length + rule.targetTrims.length + rule.unknownTargets.length === 1;
      if (rule.kind !== 'includes' && !single) continue;
      for (const y of rule.targetOptions) if (!why.has(y)) (why.set(y, rule), queue.push(y));
      if (single) for (const t of rule.targetTrims) if (!trimWhy.has(t)) trimWhy.set(t, rule);
    }
  }
  const chain = (x: number): CompiledRule[] => {
    const rules: CompiledRule[] = [];
    for (let r = why.get(x); r; r = why.get(r.subject)) rules.push(r);
    return rules.reverse();
  };
  const union = (...lists: CompiledRule[][]) => [...new Map(lists.flat().map((r) => [r.index, r])).values()];

  const trims = [...trimWhy];
  if (trims.length > 1) {
    if (!steps.spend(findingCost())) return false;
    const [[a, ra], [b, rb]] = trims as [[number, CompiledRule], [number, CompiledRule]];
    add({
      subject: o,
      rules: union(chain(ra.subject), [ra], chain(rb.subject), [rb]),
      fatal: true,
      message: names.say.forcedTrims(names.option(o), names.trim(a), names.trim(b)),
    });
  }
  for (const x of why.keys()) {
    for (const y of c.conflicts[x]!) {
      if (!why.has(y) || y < x) continue;
      if (!steps.spend(findingCost())) return false;
      const excludes = index.excludesBetween(x, y);
      add({
        subject: o,
        rules: union(chain(x), chain(y), excludes),
        fatal: true,
        message:
          x === o || y === o
            ? names.say.forcedConflictWithSelf(names.option(o), names.option(x === o ? y : x))
            : names.say.forcedConflict(names.option(o), names.option(x), names.option(y)),
      });
    }
  }
  return true;
}

function copy(rule: ConfigRule): ConfigRule {
  return { kind: rule.kind, option: rule.option, targets: [...rule.targets] };
}
