import { UNAVAILABLE, type CompiledModel } from './compile.js';

/**
 * The effective configuration of a trim and explicit picks (the data file's semantics):
 *   trim + explicit picks + standard options of multiple-choice groups + the closure of `includes`,
 *   then, for each single-choice group still empty, its standard option (and what that includes).
 * So an explicit pick, or an option a pack brings in, replaces the group's standard default.
 * Why an option is fitted is kept as bit flags: pricing needs it, validity does not.
 */
export const EXPLICIT = 1;
export const FITTED_STANDARD = 2;
export const INCLUDED = 4;

/** Scratch buffers for one model, reused across evaluations (the engine is synchronous). */
export class Workspace {
  readonly state: Uint8Array;
  readonly groupCount: Uint16Array;
  private readonly stack: Int32Array;

  constructor(private readonly c: CompiledModel) {
    this.state = new Uint8Array(c.optionCount);
    this.groupCount = new Uint16Array(c.groups.length);
    this.stack = new Int32Array(c.optionCount);
  }

  /** Fills `state` with the effective configuration of `trim` and the first `count` picks. */
  fit(trim: number, picks: ArrayLike<number>, count = picks.length): void {
    const { c, state, groupCount } = this;
    state.fill(0);
    groupCount.fill(0);
    let top = 0;
    for (let i = 0; i < count; i++) top = this.mark(picks[i]!, EXPLICIT, top);
    for (const o of c.fixedStandard[trim]!) top = this.mark(o, FITTED_STANDARD, top);
    this.expand(top);
    const defaults = c.defaults[trim]!;
    for (const g of c.singleGroups) {
      const d = defaults[g]!;
      if (groupCount[g] === 0 && d >= 0) this.expand(this.mark(d, FITTED_STANDARD, 0));
    }
  }

  private mark(o: number, flag: number, top: number): number {
    if (this.state[o] === 0) {
      this.groupCount[this.c.groupOf[o]!]!++;
      this.stack[top++] = o;
    }
    this.state[o]! |= flag;
    return top;
  }

  private expand(top: number): void {
    const { c, state, groupCount, stack } = this;
    while (top > 0) {
      const o = stack[--top]!;
      for (const x of c.includes[o]!) {
        if (state[x] === 0) {
          groupCount[c.groupOf[x]!]!++;
          stack[top++] = x;
        }
        state[x]! |= INCLUDED;
      }
    }
  }

  /** Whether the configuration last fitted on `trim` breaks no rule. The fast path of validate. */
  isValid(trim: number): boolean {
    const { c, state, groupCount } = this;
    const row = trim * c.optionCount;
    for (let o = 0; o < c.optionCount; o++) if (state[o] !== 0 && c.availability[row + o] === UNAVAILABLE) return false;
    for (const group of c.groups) {
      const n = groupCount[group.index]!;
      if ((group.single && n > 1) || (group.required && n === 0)) return false;
    }
    for (const rule of c.requiresRules) {
      if (state[rule.subject] === 0) continue;
      if (!rule.targetTrims.includes(trim) && !rule.targetOptions.some((x) => state[x] !== 0)) return false;
    }
    for (const rule of c.excludesRules) {
      if (state[rule.subject] === 0) continue;
      if (rule.targetTrims.includes(trim) || rule.targetOptions.some((x) => state[x] !== 0)) return false;
    }
    return true;
  }

  /** The option codes fitted, in catalog order. */
  fitted(): number[] {
    const out: number[] = [];
    for (let o = 0; o < this.c.optionCount; o++) if (this.state[o] !== 0) out.push(o);
    return out;
  }
}

/**
 * The options a partial choice fits whatever is decided next: explicit picks, fixed standards and
 * what they include. Deciding more only grows this set (standard defaults are left out, a later pick
 * can displace them), so one conflicting pair in it dooms every completion and a search prunes there.
 */
export class ForcedSet {
  private readonly count: Uint16Array;
  /** Pairs of forced options that can never be fitted together. */
  conflicts = 0;

  constructor(private readonly c: CompiledModel) {
    this.count = new Uint16Array(c.optionCount);
  }

  add(option: number): void {
    for (const x of this.c.closure[option]!) {
      if (this.count[x]!++ !== 0) continue;
      for (const y of this.c.conflicts[x]!) if (this.count[y] !== 0) this.conflicts++;
    }
  }

  remove(option: number): void {
    for (const x of this.c.closure[option]!) {
      if (--this.count[x]! !== 0) continue;
      for (const y of this.c.conflicts[x]!) if (this.count[y] !== 0) this.conflicts--;
    }
  }
}
