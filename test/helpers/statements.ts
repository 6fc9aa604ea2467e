import type { Db } from '../../src/db/database.js';

/**
 * The database as given, writing down the SQL of every statement run through it: what a test
 * counts (a bounded number of queries) or reads (which tables a path touches). A statement is
 * written down when its result comes back: the parts of a union or a subquery pass through
 * transformQuery each, but only the statement they make up is run and answered.
 */
export function recordingStatements(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const compiled = new WeakMap<object, string>();
  const recorded = db.withPlugin({
    transformQuery: (args) => {
      compiled.set(args.queryId, db.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: async (args) => {
      statements.push(compiled.get(args.queryId) ?? '');
      return args.result;
    },
  });
  return { db: recorded, statements };
}
