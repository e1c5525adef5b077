import type { Db } from '../../../platform/db/types.js';
import { WorkforceRepository } from '../data.js';
import type { HrRecord } from '../schema.js';
import type { SyntheticForce } from './generator.js';

/**
 * Loads a synthetic force through the same apply path as an HR import (so demo data obeys the same rules),
 * plus units' parents, posts and earlier postholder history, which an HR feed does not carry.
 */
export async function seedWorkforce(db: Db, force: SyntheticForce, today: string): Promise<number> {
  const repo = new WorkforceRepository(db);
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into units (code, name) select code, name from jsonb_to_recordset($1::jsonb) as r(code text, name text) on conflict (code) do nothing`,
      [JSON.stringify(force.units)],
    );
    await tx.query(
      `update units u set parent_id = p.id from jsonb_to_recordset($1::jsonb) as r(code text, "parentCode" text) join units p on p.code = r."parentCode" where u.code = r.code`,
      [JSON.stringify(force.units.filter((u) => u.parentCode))],
    );
    for (let i = 0; i < force.posts.length; i += 2000) {
      await tx.query(
        `insert into posts (code, title, unit_id, required_vetting_level, national_security_level, designated)
         select r.code, r.title, u.id, r."requiredVettingLevel", r."nationalSecurityLevel", r.designated
         from jsonb_to_recordset($1::jsonb) as r(code text, title text, "unitCode" text, "requiredVettingLevel" text, "nationalSecurityLevel" text, designated boolean)
         join units u on u.code = r."unitCode" on conflict (code) do nothing`,
        [JSON.stringify(force.posts.slice(i, i + 2000))],
      );
    }
    const summary = await repo.applyHrRecords(tx, force.people as HrRecord[], { mode: 'delta', today });
    for (let i = 0; i < force.postHistory.length; i += 2000) {
      await tx.query(
        `insert into post_assignments (post_id, person_id, start_date, end_date)
         select po.id, p.id, r."startDate", r."endDate"
         from jsonb_to_recordset($1::jsonb) as r("payrollNumber" text, "postCode" text, "startDate" date, "endDate" date)
         join people p on p.payroll_number = r."payrollNumber" join posts po on po.code = r."postCode"`,
        [JSON.stringify(force.postHistory.slice(i, i + 2000))],
      );
    }
    return summary.created;
  });
}
