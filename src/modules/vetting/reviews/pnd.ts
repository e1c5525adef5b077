import type { ForceVettingLevel } from '../../../platform/reference.js';
import { complianceRules } from '../compliance/settings.js';
import type { VettingFeatureDeps } from '../features.js';
import { meetsLevel } from '../service.js';

export const PND_RECHECK_REASON = 'Periodic PND re-check';

/**
 * Periodic re-check against the Police National Database: serving people who hold a clearance in date and whose last
 * PND check (on any of their applications) is older than the configured interval, or who have none on record, get a
 * review. Oldest check first, a batch per run, so a large backlog is worked through over several days rather than
 * landing on the vetting unit at once. People with an application already open are skipped (that application will
 * carry its own PND check), so they never use up the batch.
 */
export class PndRechecks {
  constructor(private readonly deps: VettingFeatureDeps) {}

  async run(): Promise<{ due: number; reviewsOpened: number }> {
    const rules = await complianceRules(this.deps.settings);
    const due = await this.deps.db.query<{ personId: string; level: string; requiredLevel: string | null; lastCheckedOn: string | null }>(
      `select p.person_id as "personId", c.level, p.required_level as "requiredLevel", last.checked_on as "lastCheckedOn"
       from vetting_postholders p
       join vetting_current_clearance c on c.person_id = p.person_id and (c.expires_on is null or c.expires_on >= current_date)
       left join lateral (
         select max(k.checked_on) as checked_on from vetting_applications a join vetting_checks k on k.application_id = a.id and k.check_type = 'pnd'
         where a.person_id = p.person_id) last on true
       where (last.checked_on is null or last.checked_on < (current_date - make_interval(months => $1::int))::date)
         and not exists (select 1 from vetting_applications o where o.person_id = p.person_id and o.status in ('open', 'awaiting_ratification'))
       order by last.checked_on nulls first, p.person_id
       limit $2`,
      [rules.pndRecheckMonths, rules.pndRecheckBatchSize],
    );
    let reviewsOpened = 0;
    for (const person of due) {
      const level = (person.requiredLevel && !meetsLevel(person.level, person.requiredLevel) ? person.requiredLevel : person.level) as ForceVettingLevel;
      const opened = await this.deps.db.transaction((tx) => this.deps.vetting.openReview(person.personId, PND_RECHECK_REASON, 'review', level, tx));
      if (opened) reviewsOpened++;
    }
    if (reviewsOpened) void this.deps.bus.dispatch();
    return { due: due.length, reviewsOpened };
  }
}
