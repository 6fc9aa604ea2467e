import { describe, expect, it } from 'vitest';
import { renault } from '../configurator/fixtures.js';
import { assertWithinLimits } from './catalog.limits.js';

describe('catalog limits', () => {
  it('lets a model reach each limit and refuses one more, naming the limit', () => {
    expect(() => assertWithinLimits({ trims: 20, options: 200, rules: 200, targetsPerRule: 20 })).not.toThrow();
    expect(() => assertWithinLimits({ options: 201 })).toThrow(
      expect.objectContaining({
        code: 'CATALOG_LIMIT_EXCEEDED',
        kind: 'unprocessable',
        message: 'A model may have at most 200 options; this change would make 201.',
        details: { limit: 'options', max: 200, count: 201 },
      }),
    );
    expect(() => assertWithinLimits({ trims: 21 })).toThrow(expect.objectContaining({ details: { limit: 'trims', max: 20, count: 21 } }));
    expect(() => assertWithinLimits({ rules: 201 })).toThrow(expect.objectContaining({ details: { limit: 'rules', max: 200, count: 201 } }));
    expect(() => assertWithinLimits({ targetsPerRule: 21 })).toThrow(
      expect.objectContaining({ message: 'A model may have at most 20 targets in one rule; this change would make 21.' }),
    );
  });

  it('fits every demo model', () => {
    expect(renault.models).toHaveLength(5);
    for (const model of renault.models) {
      expect(() =>
        assertWithinLimits({
          trims: model.trims.length,
          options: model.optionGroups.reduce((n, g) => n + g.options.length, 0),
          rules: model.rules.length,
          targetsPerRule: Math.max(...model.rules.map((r) => r.targets.length)),
        }),
      ).not.toThrow();
    }
  });
});
