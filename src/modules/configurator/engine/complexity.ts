import type { ConfigModel } from './types.js';

/**
 * Why a model is hard to check, found in time linear in its size (it runs when lint has already
 * spent its budget): the cycles of includes and requires rules, and the largest set of options
 * tied together by rules, with the options whose rules tie it.
 */
export interface Complexity {
  /** Option codes around each cycle of includes or requires rules, in catalog order; the largest first, at most 3. */
  cycles: string[][];
  /** The largest set of options that rules connect, counted, and the subjects of its rules (at most 20 named). */
  largestComponent: { options: number; rules: number; ruleOptions: string[] };
}

const NAMED = 20;

export function complexityOf(model: ConfigModel): Complexity {
  const codes = model.groups.flatMap((g) => g.options.map((o) => o.code));
  const index = new Map(codes.map((code, i) => [code, i]));
  const n = codes.length;

  // Directed edges: an option brings in (includes) or needs (requires) its option targets.
  const next: number[][] = codes.map(() => []);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (const rule of model.rules) {
    const s = index.get(rule.option);
    if (s === undefined) continue;
    for (const target of rule.targets) {
      const t = index.get(target);
      if (t === undefined) continue;
      parent[find(s)] = find(t);
      if (rule.kind !== 'excludes') next[s]!.push(t);
    }
  }

  const rulesOf = new Map<number, number>();
  const subjectsOf = new Map<number, Set<number>>();
  for (const rule of model.rules) {
    const s = index.get(rule.option);
    if (s === undefined) continue;
    const root = find(s);
    rulesOf.set(root, (rulesOf.get(root) ?? 0) + 1);
    subjectsOf.set(root, (subjectsOf.get(root) ?? new Set()).add(s));
  }
  const sizes = new Map<number, number>();
  for (let o = 0; o < n; o++) sizes.set(find(o), (sizes.get(find(o)) ?? 0) + 1);
  let largest = -1;
  for (const root of rulesOf.keys()) {
    if (largest < 0 || (rulesOf.get(root) ?? 0) > (rulesOf.get(largest) ?? 0)) largest = root;
  }

  const cycles = stronglyConnected(next)
    .filter((component) => component.length > 1 || next[component[0]!]!.includes(component[0]!))
    .map((component) => component.sort((a, b) => a - b))
    .sort((a, b) => b.length - a.length || a[0]! - b[0]!)
    .slice(0, 3)
    .map((component) => component.map((o) => codes[o]!));

  return {
    cycles,
    largestComponent:
      largest < 0
        ? { options: 0, rules: 0, ruleOptions: [] }
        : {
            options: sizes.get(largest) ?? 0,
            rules: rulesOf.get(largest) ?? 0,
            ruleOptions: [...(subjectsOf.get(largest) ?? [])].sort((a, b) => a - b).slice(0, NAMED).map((o) => codes[o]!),
          },
  };
}

/** Tarjan's strongly connected components, iteratively: a long chain of rules must not overflow the stack. */
function stronglyConnected(next: number[][]): number[][] {
  const n = next.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const work: Array<[node: number, edge: number]> = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, e] = frame;
      if (e < next[v]!.length) {
        frame[1]++;
        const w = next[v]![e]!;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] !== order[v]) continue;
      const component: number[] = [];
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        onStack[w] = 0;
        component.push(w);
        if (w === v) break;
      }
      out.push(component);
    }
  }
  return out;
}
