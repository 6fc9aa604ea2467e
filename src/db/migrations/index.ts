import type { Migration } from 'kysely';
import * as catalog from './2026-11-28-0001-catalog.js';

/** Every migration, by dated name. Append only: a released migration never changes. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-0001-catalog': catalog,
};
