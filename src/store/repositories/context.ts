import type { Kysely } from 'kysely';
import { SdgError } from '../../core/index.js';
import type { StoreDialect } from '../dialect.js';
import type { Database } from '../types.js';

/** What a repository is built from: a connection (or an open transaction) and the dialect's specifics. */
export interface RepositoryContext {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** Runs `work` in a transaction; inside a transaction already, in that same one. */
  transaction<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `a ${what} name must be a non-empty string of at most 200 characters`, {
      pointer: '/name',
    });
  }
  return name.trim();
}

/** Names are unique per table; a clash is the caller's mistake, reported at the name. */
export function nameTaken(what: string, name: string, cause: unknown): SdgError {
  return new SdgError('SDG_ERR_BAD_OPTION', `a ${what} named ${JSON.stringify(name)} already exists`, {
    pointer: '/name',
    hint: `pick another name, or update the existing ${what}`,
    cause,
  });
}
