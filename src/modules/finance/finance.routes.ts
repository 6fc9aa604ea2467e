import type { Db } from '../../db/database.js';
import type { App } from '../../http/types.js';
import { problemResponses } from '../../shared/schemas.js';
import { access } from '../access/access.policy.js';
import { QuoteBody, QuoteResponse, StoreParams } from './finance.schemas.js';
import { quoteFinance } from './finance.service.js';

export async function financeRoutes(app: App, { db }: { db: Db }): Promise<void> {
  app.post(
    '/stores/:store/finance-quotes',
    {
      config: { access: access.public },
      schema: {
        tags: ['finance'],
        summary: 'Quote a loan or a lease-to-own for a price of one of the store’s models, with its whole schedule (at most 60 lines)',
        params: StoreParams,
        body: QuoteBody,
        response: { 200: QuoteResponse, ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => quoteFinance(db, request.params.store, request.body),
  );
}
