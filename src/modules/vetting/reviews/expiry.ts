import type { Queryable } from '../../../platform/db/types.js';
import type { ForceVettingLevel } from '../../../platform/reference.js';
import { formatDate } from '../../../platform/ui/nunjucks.js';
import { reminderDue } from '../compliance/levels.js';
import { complianceRules } from '../compliance/settings.js';
import type { VettingFeatureDeps } from '../features.js';
import { meetsLevel } from '../service.js';

const SYSTEM = { userId: null, label: 'system' };

interface Candidate {
  personId: string; decisionId: string; level: string; requiredLevel: string | null; expiresOn: string; daysLeft: number;
  recorded: number[]; reviewOpened: boolean;
}

/**
 * Expiry approaching (reference §4: clearances are time-limited and must be renewed): once a day, record a reminder
 * at 90, 60 and 30 days before a serving person's clearance expires, each once per clearance, and open the renewal
 * review at the first reminder within the configured lead time (90 days by default).
 */
export class ExpiryReminders {
  constructor(private readonly deps: VettingFeatureDeps) {}

  async run(): Promise<{ refreshed: number; reminders: number; reviewsOpened: number }> {
    const rules = await complianceRules(this.deps.settings);
    const refreshed = await this.refreshLapsedClearances();
    const candidates = await this.deps.db.query<Candidate>(
      `select c.person_id as "personId", c.decision_id as "decisionId", c.level, p.required_level as "requiredLevel", c.expires_on as "expiresOn",
              c.expires_on - current_date as "daysLeft",
              array(select r.days_before from vetting_expiry_reminders r where r.decision_id = c.decision_id) as recorded,
              exists (select 1 from vetting_expiry_reminders r where r.decision_id = c.decision_id and r.review_application_id is not null) as "reviewOpened"
       from vetting_current_clearance c join vetting_postholders p on p.person_id = c.person_id
       where c.expires_on >= current_date and c.expires_on <= current_date + $1::int
       order by c.expires_on, c.person_id`,
      [Math.max(...rules.reminderDays)],
    );
    let reminders = 0;
    let reviewsOpened = 0;
    for (const c of candidates) {
      const daysBefore = reminderDue(c.daysLeft, rules.reminderDays, c.recorded);
      if (daysBefore === undefined) continue;
      const openReview = daysBefore <= rules.renewalReviewAtDays && !c.reviewOpened;
      const result = await this.deps.db.transaction((tx) => this.remind(tx, c, daysBefore, openReview));
      if (result.recorded) reminders++;
      if (result.opened) reviewsOpened++;
    }
    if (reviewsOpened) void this.deps.bus.dispatch();
    return { refreshed, reminders, reviewsOpened };
  }

  /** Records one reminder (once: a second process finds the row there) and, when due, opens the renewal review. */
  private async remind(tx: Queryable, c: Candidate, daysBefore: number, openReview: boolean): Promise<{ recorded: boolean; opened: boolean }> {
    const inserted = await tx.query(
      `insert into vetting_expiry_reminders (decision_id, days_before, person_id, expires_on, recorded_on) values ($1, $2, $3, $4, current_date)
       on conflict do nothing returning decision_id`,
      [c.decisionId, daysBefore, c.personId, c.expiresOn],
    );
    if (!inserted.length) return { recorded: false, opened: false };
    let opened = false;
    if (openReview) {
      // Renew at the level the post needs when the person holds less (they are also on the under-vetted list).
      const level = (c.requiredLevel && !meetsLevel(c.level, c.requiredLevel) ? c.requiredLevel : c.level) as ForceVettingLevel;
      const applicationId = await this.deps.vetting.openReview(c.personId, `Clearance expires on ${formatDate(c.expiresOn)}: renewal due`, 'review', level, tx);
      const existing = applicationId ? undefined : await openApplicationFor(tx, c.personId);
      await tx.query(
        'update vetting_expiry_reminders set review_application_id = $3, review_note = $4 where decision_id = $1 and days_before = $2',
        [c.decisionId, daysBefore, applicationId ?? existing ?? null, applicationId ? 'Renewal review opened' : existing ? 'An application was already open' : null],
      );
      opened = !!applicationId;
    }
    await this.deps.audit.recordIn(tx, {
      action: 'vetting-expiry-reminder.record', actor: SYSTEM, subjectType: 'person', subjectId: c.personId, subjectPersonId: c.personId,
      details: { decisionId: c.decisionId, daysBefore, expiresOn: c.expiresOn, renewalReviewOpened: opened },
    });
    return { recorded: true, opened };
  }

  /**
   * A stored clearance that has expired since it was stored may hide an older one still in date (rare, but the
   * definition is "the latest clearance not expired"): re-derive those people once, after their expiry.
   */
  private async refreshLapsedClearances(): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      const [lapsed] = await tx.query<{ ids: string[] | null }>('select array_agg(person_id)::text[] as ids from vetting_current_clearance where expires_on < current_date and refreshed_on <= expires_on');
      const ids = lapsed?.ids ?? [];
      // Re-derived rows are stamped today, after their expiry, so each person is refreshed once.
      if (ids.length) await tx.query('select 1 from vetting_refresh_current_clearance($1::uuid[])', [ids]);
      return ids.length;
    });
  }
}

/** The application that made openReview refuse a duplicate (open, or decided and awaiting ratification). */
export async function openApplicationFor(q: Queryable, personId: string): Promise<string | undefined> {
  const [r] = await q.query<{ id: string }>(`select id from vetting_applications where person_id = $1 and status in ('open', 'awaiting_ratification') order by received_on limit 1`, [personId]);
  return r?.id;
}
