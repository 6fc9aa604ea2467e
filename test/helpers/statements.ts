import type { Db } from '../../src/db/database.js';

/**
 * The database as given, writing down the SQL of every statement run through it: what a test
 * counts (a bounded number of queries) or reads (which tables a path touches).
 */
export function recordingStatements(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const recorded = db.withPlugin({
    transformQuery: (args) => {
      statements.push(db.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { db: recorded, statements };
}
