import type { CompiledModel } from './compile.js';
import { STANDARD } from './compile.js';
import { ForcedSet, Workspace } from './effective.js';
import { listPriceOf } from './price.js';

/**
 * The smallest edit of a selection that makes it valid.
 *
 * Cost: switching trim is 1; per single-choice group max(picks dropped, picks added), so replacing
 * a pick is 1; per option of a multiple-choice group 1 per add or drop. Ties go to the candidate
 * that drops fewer explicit picks, then the cheaper list price, then fewer new picks (a pick that a
 * pack already brings in adds nothing), then catalog order (trim, then picks).
 *
 * Iterative deepening on the cost: every candidate within cost B is enumerated (group by group,
 * cut when the cost so far plus the least the remaining groups can cost exceeds B, or when the
 * options fitted for sure already conflict), and the first B with a valid candidate wins. Picks are
 * drawn from CompiledModel.pickable (plus standard picks already made, kept for free), so the space
 * stays a few thousand candidates per trim on the demo catalogs.
 *
 * The space still grows exponentially with the catalog, so the search is metered: every node, every
 * pick it fits for sure (CompiledModel.pickCost) and every candidate it evaluates (evalCost) spends
 * work units from a Steps budget, and the search gives up once the budget is spent.
 */
export interface SearchStart {
  /** Trim index, -1 when the selection names no trim of the model. */
  trim: number;
  /** Known explicit picks, deduplicated. */
  picks: number[];
}

export interface Keep {
  option: number;
  trim: number;
}

export interface Found {
  trim: number;
  picks: number[];
  cost: number;
  dropped: number;
  added: number;
  price: number;
}

/**
 * Work units one resolve may spend: a work unit is one array step of fitting or checking, a few
 * nanoseconds, so this is about 20 ms of CPU whatever the catalog (bench/configurator.bench.ts
 * measures the worst case). The demo catalogs' hardest selection needs well under a tenth of it.
 */
export const SEARCH_BUDGET = 4_000_000;

/** A work budget shared by the searches of one request. Work is paid for before it is done, so `used` never passes `limit`. */
export class Steps {
  used = 0;
  exhausted = false;

  constructor(readonly limit: number) {}

  /** Pays for `n` units of work; false, and nothing spent, when they do not fit in what is left. */
  spend(n: number): boolean {
    if (this.exhausted || this.used + n > this.limit) {
      this.exhausted = true;
      return false;
    }
    this.used += n;
    return true;
  }
}

/** Work units of one search node: the call, its bound check and its loop, against one array step. */
const VISIT_COST = 10;

interface Slot {
  picks: number[]; // -1 = no pick
  costs: number[];
}

/** The smallest fix, null when there is none, or 'exhausted' when `steps` ran out first. */
export function searchSmallestFix(c: CompiledModel, start: SearchStart, keep: Keep, steps: Steps): Found | null | 'exhausted' {
  const ws = new Workspace(c);
  const forced = new ForcedSet(c);
  const inStart = new Uint8Array(c.optionCount);
  for (const o of start.picks) inStart[o] = 1;
  const trims = keep.trim >= 0 ? [keep.trim] : c.trims.map((_, t) => t);
  if (!steps.spend(trims.length * 2 * c.optionCount)) return 'exhausted'; // planning
  const plans = trims.flatMap((t) => {
    const plan = planTrim(c, t, inStart, keep.option);
    return plan ? [{ trim: t, switchCost: t === start.trim ? 0 : 1, ...plan }] : [];
  });
  const maxCost = Math.max(-1, ...plans.map((p) => p.switchCost + p.maxCost));

  let best: Found | null = null;
  const chosen: number[] = [];

  for (let bound = 0; bound <= maxCost && best === null; bound++) {
    for (const plan of plans) {
      const { trim, slots, minSuffix, switchCost } = plan;
      if (!steps.spend(c.fixedStandard[trim]!.reduce((sum, o) => sum + c.pickCost[o]!, 0))) return 'exhausted';
      for (const o of c.fixedStandard[trim]!) forced.add(o);
      const visit = (i: number, cost: number): void => {
        if (!steps.spend(VISIT_COST) || cost + minSuffix[i]! > bound) return;
        if (i === slots.length) {
          if (cost !== bound) return; // cheaper candidates were all tried at a lower bound
          if (!steps.spend(c.evalCost)) return;
          ws.fit(trim, chosen);
          if (!ws.isValid(trim)) return;
          const kept = chosen.reduce((n, o) => n + inStart[o]!, 0);
          const found: Found = {
            trim,
            picks: [...chosen].sort((a, b) => a - b),
            cost,
            dropped: start.picks.length - kept,
            added: chosen.length - kept,
            price: listPriceOf(c, ws, trim),
          };
          if (best === null || better(found, best)) best = found;
          return;
        }
        const slot = slots[i]!;
        for (let k = 0; k < slot.picks.length; k++) {
          const o = slot.picks[k]!;
          const next = cost + slot.costs[k]!;
          if (next + minSuffix[i + 1]! > bound) continue; // over the bound whatever follows: not worth fitting
          if (o < 0) {
            visit(i + 1, next);
            continue;
          }
          if (!steps.spend(c.pickCost[o]!)) return;
          forced.add(o);
          if (forced.conflicts === 0) {
            chosen.push(o);
            visit(i + 1, next);
            chosen.pop();
          }
          forced.remove(o);
        }
      };
      visit(0, switchCost);
      for (const o of c.fixedStandard[trim]!) forced.remove(o);
    }
    // A candidate found before the budget ran out may not win the tie-breaks: offer none.
    if (steps.exhausted) return 'exhausted';
  }
  return best;
}

function better(a: Found, b: Found): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.dropped !== b.dropped) return a.dropped < b.dropped;
  if (a.price !== b.price) return a.price < b.price;
  if (a.added !== b.added) return a.added < b.added;
  if (a.trim !== b.trim) return a.trim < b.trim;
  for (let i = 0; i < Math.min(a.picks.length, b.picks.length); i++) {
    if (a.picks[i] !== b.picks[i]) return a.picks[i]! < b.picks[i]!;
  }
  return a.picks.length < b.picks.length;
}

/** The choices on one trim: a slot per single-choice group, a slot per option of the others. Null if `keep` cannot be fitted there. */
function planTrim(
  c: CompiledModel,
  trim: number,
  inStart: Uint8Array,
  keep: number,
): { slots: Slot[]; minSuffix: number[]; maxCost: number } | null {
  const row = trim * c.optionCount;
  if (keep >= 0 && c.closureBlocked[row + keep] === 1) return null;
  // A pick is worth considering if it can make a difference, or if keeping it costs nothing.
  const pickable = (o: number) =>
    c.pickable[row + o] === 1 ||
    (inStart[o] === 1 && c.closureBlocked[row + o] === 0 && c.availability[row + o] === STANDARD);

  const slots: Slot[] = [];
  for (const group of c.groups) {
    if (group.single) {
      const had = group.members.filter((o) => inStart[o] === 1).length;
      const slot: Slot = { picks: [], costs: [] };
      const offer = (o: number, cost: number) => (slot.picks.push(o), slot.costs.push(cost));
      if (keep >= 0 && c.groupOf[keep] === group.index) {
        offer(keep, had - 1);
      } else {
        offer(-1, had);
        for (const o of group.members) if (pickable(o)) offer(o, inStart[o] === 1 ? had - 1 : Math.max(had, 1));
      }
      slots.push(slot);
      continue;
    }
    for (const o of group.members) {
      const slot: Slot = { picks: [], costs: [] };
      if (o !== keep) (slot.picks.push(-1), slot.costs.push(inStart[o]!));
      if (pickable(o)) (slot.picks.push(o), slot.costs.push(1 - inStart[o]!));
      if (slot.picks.length === 0) return null;
      slots.push(slot);
    }
  }
  const minSuffix = new Array<number>(slots.length + 1).fill(0);
  let maxCost = 0;
  for (let i = slots.length - 1; i >= 0; i--) {
    minSuffix[i] = minSuffix[i + 1]! + Math.min(...slots[i]!.costs);
    maxCost += Math.max(...slots[i]!.costs);
  }
  return { slots, minSuffix, maxCost };
}
