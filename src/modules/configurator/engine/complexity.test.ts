import { describe, expect, it } from 'vitest';
import { demoModel } from '../fixtures.js';
import { complexityOf } from './complexity.js';

describe('complexityOf', () => {
  it('names each cycle of includes and requires rules, and the largest set of options rules tie together', () => {
    const model = demoModel('city-k-ze');
    const codes = model.groups.flatMap((g) => g.options.map((o) => o.code));
    const [a, b, c, d, e, f] = codes as [string, string, string, string, string, string];
    model.rules = [
      { kind: 'includes', option: a, targets: [b] },
      { kind: 'requires', option: b, targets: [c, 'kze-life'] },
      { kind: 'includes', option: c, targets: [a] },
      { kind: 'excludes', option: c, targets: [d] },
      // An excludes both ways ties e and f together but makes no cycle.
      { kind: 'excludes', option: e, targets: [f] },
      { kind: 'excludes', option: f, targets: [e] },
    ];
    expect(complexityOf(model)).toEqual({
      cycles: [[a, b, c]],
      largestComponent: { options: 4, rules: 4, ruleOptions: [a, b, c] },
    });
  });

  it('finds nothing in a model without rules', () => {
    const model = demoModel('koleos');
    model.rules = [];
    expect(complexityOf(model)).toEqual({ cycles: [], largestComponent: { options: 0, rules: 0, ruleOptions: [] } });
  });
});
