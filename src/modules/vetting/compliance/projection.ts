import type { Db, Queryable } from '../../../platform/db/types.js';
import type { Postholder } from '../../workforce/service.js';
import type { PeopleDirectory } from '../service.js';

const CHUNK = 5000;

/** The workforce events the projection follows (payloads carry personId, or the post's new requirement). */
export const PERSON_EVENTS = ['workforce.person.created', 'workforce.person.updated', 'workforce.person.moved', 'workforce.person.left'];
export const POST_CHANGED = 'workforce.post.changed';

/**
 * Vetting's own copy of who holds which post and what it requires: filled once from the workforce directory's
 * service when empty, then kept current from workforce events. Compliance lists join it with clearances without
 * reaching into the workforce module's tables.
 */
export class PostholderProjection {
  /** Once this process has seen it filled it stays filled (only a rebuild empties it, inside its own transaction). */
  private known = false;

  constructor(private readonly db: Db, private readonly people: PeopleDirectory) {}

  /** Fills the projection when it is empty (first use); returns the number of people written. */
  async ensureFilled(q?: Queryable): Promise<number> {
    if (this.known) return 0;
    const run = async (tx: Queryable) => {
      // Serialises first fills across processes; the loser finds the rows there.
      await tx.query(`select pg_advisory_xact_lock(hashtext('vetting_postholders'))`);
      const [any] = await tx.query('select 1 from vetting_postholders limit 1');
      if (any) this.known = true;
      return any ? 0 : this.fill(tx);
    };
    if (q) return run(q);
    // Only a fill in our own, committed transaction proves it is filled; a caller's transaction may still roll back.
    const written = await this.db.transaction(run);
    if (written > 0) this.known = true;
    return written;
  }

  /** Empties and refills from the directory in one transaction (an explicit rebuild, or the weekly reconciliation). */
  async rebuild(): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query('delete from vetting_postholders');
      return this.fill(tx);
    });
  }

  /** After a person event: the directory's current entry replaces ours; a leaver is removed. */
  async onPersonChanged(personId: string | undefined, tx: Queryable): Promise<void> {
    if (!personId) return;
    // Filling first means an event never leaves a projection holding only the people who happened to change.
    await this.ensureFilled(tx);
    const entry = await this.people.postholder(personId, tx);
    if (!entry || entry.left) await tx.query('delete from vetting_postholders where person_id = $1', [personId]);
    else await this.upsert(tx, [entry]);
  }

  /** After a post's requirement changed: every holder of that post takes the new requirement. */
  async onPostChanged(payload: { postId?: string; requiredVettingLevel?: string; designated?: boolean }, tx: Queryable): Promise<void> {
    if (!payload.postId || !payload.requiredVettingLevel) return;
    await this.ensureFilled(tx);
    await tx.query(
      'update vetting_postholders set required_level = $2, designated = $3, updated_at = now() where post_id = $1',
      [payload.postId, payload.requiredVettingLevel, payload.designated ?? false],
    );
  }

  private async fill(tx: Queryable): Promise<number> {
    const everyone = (await this.people.postholders(tx)).sort((a, b) => a.personId.localeCompare(b.personId));
    for (let i = 0; i < everyone.length; i += CHUNK) await this.upsert(tx, everyone.slice(i, i + CHUNK));
    return everyone.length;
  }

  private async upsert(tx: Queryable, rows: Postholder[]): Promise<void> {
    await tx.query(
      `insert into vetting_postholders (person_id, payroll_number, forenames, surname, person_type, unit_code, post_id, post_code, post_title, required_level, designated)
       select "personId", "payrollNumber", forenames, surname, "personType", "unitCode", "postId", "postCode", "postTitle", "requiredVettingLevel", coalesce(designated, false)
       from jsonb_to_recordset($1::jsonb) as r("personId" uuid, "payrollNumber" text, forenames text, surname text, "personType" text, "unitCode" text,
         "postId" uuid, "postCode" text, "postTitle" text, "requiredVettingLevel" text, designated boolean)
       on conflict (person_id) do update set payroll_number = excluded.payroll_number, forenames = excluded.forenames, surname = excluded.surname,
         person_type = excluded.person_type, unit_code = excluded.unit_code, post_id = excluded.post_id, post_code = excluded.post_code,
         post_title = excluded.post_title, required_level = excluded.required_level, designated = excluded.designated, updated_at = now()`,
      [JSON.stringify(rows.map(({ personId, payrollNumber, forenames, surname, personType, unitCode, postId, postCode, postTitle, requiredVettingLevel, designated }) =>
        ({ personId, payrollNumber, forenames, surname, personType, unitCode, postId, postCode, postTitle, requiredVettingLevel, designated })))],
    );
  }
}
