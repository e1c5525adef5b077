import type { Queryable } from '../../../platform/db/types.js';
import type { Db } from '../../../platform/db/types.js';
import { UserRepository } from '../../../platform/auth/users.js';

/** What appeals need to know about a user who may sit on a panel or own a condition. */
export interface PanelUser {
  id: string;
  displayName: string;
  roles: readonly string[];
  personId: string | null;
  disabled: boolean;
}

/**
 * Panel members are named Probity users; their roles give their seniority. A narrow view of the platform's accounts,
 * read through its own repository (never the table), always inside the caller's transaction.
 */
export interface PanelDirectory {
  byUsername(username: string, q: Queryable): Promise<PanelUser | undefined>;
  byId(id: string, q: Queryable): Promise<PanelUser | undefined>;
}

export function panelDirectory(db: Db): PanelDirectory {
  const users = new UserRepository(db);
  const view = (u: Awaited<ReturnType<UserRepository['byId']>>): PanelUser | undefined =>
    u && { id: u.id, displayName: u.displayName, roles: u.roles, personId: u.personId, disabled: !!u.disabledAt };
  return {
    byUsername: async (username, q) => view(await users.byUsername(username, q)),
    byId: async (id, q) => view(await users.byId(id, q)),
  };
}
