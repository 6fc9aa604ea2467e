import { describe, expect, it } from 'vitest';
import { adversarialCatalog } from '../configurator/adversarial.js';
import { compileModel, lint } from '../configurator/engine/index.js';
import { DEMO_SLUGS, demoModel } from '../configurator/fixtures.js';
import { LINT_QUEUE, LINT_WORKERS, lintOffThread } from './catalog.lint-pool.js';

describe('lint off the event loop', () => {
  it('gives the report lint gives on the event loop', async () => {
    for (const slug of DEMO_SLUGS) {
      expect(await lintOffThread(demoModel(slug), 'fr')).toEqual(lint(compileModel(demoModel(slug)), 'fr'));
    }
  }, 60_000);

  it('refuses a model whose lint spends its work budget, naming the cycle of rules and the largest set of them', async () => {
    const { model } = adversarialCatalog('requires-cycle');
    // Its work budget runs out first on any machine fast enough to meet the deadline; a slow one meets the deadline.
    const refused = lintOffThread(model, 'en');
    await expect(refused).rejects.toMatchObject({ code: 'CATALOG_MODEL_TOO_COMPLEX', kind: 'unprocessable' });
    const details = (await refused.catch((err: { details: unknown }) => err.details)) as { cycles: string[][]; largestComponent: unknown };
    expect(details.cycles).toHaveLength(1);
    expect(details.cycles[0]).toHaveLength(85);
    expect(details.cycles[0]!.slice(0, 3)).toEqual(['acc-0', 'acc-1', 'acc-2']);
    expect(details.largestComponent).toEqual({
      options: 170,
      rules: 169,
      ruleOptions: Array.from({ length: 20 }, (_, i) => `pk-${i}`),
    });
  }, 60_000);

  it('stops a lint at its deadline, and the next lint gets a fresh worker', async () => {
    const { model } = adversarialCatalog('excludes-chain');
    await expect(lintOffThread(model, 'en', 1)).rejects.toMatchObject({ code: 'CATALOG_MODEL_TOO_COMPLEX', details: { reason: 'deadline' } });
    expect((await lintOffThread(demoModel('koleos'), 'en')).complete).toBe(true);
  }, 60_000);

  it('queues a few lints and refuses more with 503 rather than queueing them all', async () => {
    const lints = Array.from({ length: LINT_WORKERS + LINT_QUEUE + 1 }, () => lintOffThread(demoModel('city-k-ze'), 'en'));
    const settled = await Promise.allSettled(lints);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(9);
    expect(settled.at(-1)).toMatchObject({ status: 'rejected', reason: { code: 'CATALOG_LINT_BUSY', kind: 'unavailable' } });
  }, 60_000);
});
