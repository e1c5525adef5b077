import type { Db, Queryable } from '../../../platform/db/types.js';
import type { HistoryKind, InterviewStatus, VerificationStatus } from './rules.js';

/** What pre-employment needs of its application: need-to-know, whether it is still open, and its received date. */
export interface ApplicationFacts {
  id: string;
  reference: string;
  applicantForenames: string;
  applicantSurname: string;
  personId: string | null;
  subjectPersonIds: string[];
  excludedUserIds: string[];
  sealedToUserIds: string[];
  status: string;
  receivedOn: string;
}

export interface Verification {
  verification: VerificationStatus;
  verificationMethod: string | null;
  verifiedBy: string | null;
  verifiedOn: string | null;
  unverifiedReason: string | null;
}

export interface EmploymentEntry extends Verification {
  id: string;
  kind: HistoryKind;
  organisation: string | null;
  role: string | null;
  fromOn: string;
  toOn: string | null;
  reasonForLeaving: string | null;
  version: number;
}
export type EmploymentColumns = Omit<EmploymentEntry, 'id' | 'version'>;

export interface Qualification extends Verification {
  id: string;
  title: string;
  awardingBody: string;
  awardedOn: string;
  neededForPost: boolean;
  version: number;
}
export type QualificationColumns = Omit<Qualification, 'id' | 'version'>;

export interface RecordMeta {
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  uploadedByLabel: string;
}

export interface Interview {
  id: string;
  scheduledAt: string;
  mode: 'in_person' | 'video';
  location: string | null;
  interviewerName: string;
  status: InterviewStatus;
  heldOn: string | null;
  summary: string | null;
  copyGivenOn: string | null;
  outcomeNote: string | null;
  record: RecordMeta | null;
  version: number;
}

export interface InterviewOutcomeColumns {
  status: Exclude<InterviewStatus, 'scheduled'>;
  heldOn: string | null;
  summary: string | null;
  copyGivenOn: string | null;
  outcomeNote: string | null;
}

const APPLICATION = `id, reference, applicant_forenames as "applicantForenames", applicant_surname as "applicantSurname", person_id as "personId",
  subject_person_ids as "subjectPersonIds", excluded_user_ids as "excludedUserIds", sealed_to_user_ids as "sealedToUserIds", status, received_on as "receivedOn"`;
const VERIFICATION = `verification, verification_method as "verificationMethod", verified_by as "verifiedBy", verified_on as "verifiedOn", unverified_reason as "unverifiedReason"`;
const EMPLOYMENT = `id, kind, organisation, role, from_on as "fromOn", to_on as "toOn", reason_for_leaving as "reasonForLeaving", ${VERIFICATION}, version`;
const QUALIFICATION = `id, title, awarding_body as "awardingBody", awarded_on as "awardedOn", needed_for_post as "neededForPost", ${VERIFICATION}, version`;
const INTERVIEW = `i.id, i.scheduled_at as "scheduledAt", i.mode, i.location, i.interviewer_name as "interviewerName", i.status, i.held_on as "heldOn",
  i.summary, i.copy_given_on as "copyGivenOn", i.outcome_note as "outcomeNote", i.version,
  case when r.interview_id is null then null else json_build_object('fileName', r.file_name, 'mediaType', r.media_type, 'sizeBytes', r.size_bytes, 'sha256', r.sha256,
    'uploadedAt', r.uploaded_at, 'uploadedByLabel', r.uploaded_by_label) end as record`;

/** Both engines give timestamps as Date objects, and json_build_object as text with the session's offset: one ISO form for all. */
const iso = (v: unknown) => new Date(v as string | Date).toISOString();
const interviewRow = (i: Interview): Interview => ({ ...i, scheduledAt: iso(i.scheduledAt), record: i.record && { ...i.record, uploadedAt: iso(i.record.uploadedAt) } });

const verificationParams = (v: Verification) => [v.verification, v.verificationMethod, v.verifiedBy, v.verifiedOn, v.unverifiedReason];

export class PreEmploymentRepository {
  constructor(private readonly db: Db) {}

  async application(id: string, q: Queryable = this.db): Promise<ApplicationFacts | undefined> {
    const [a] = await q.query<ApplicationFacts>(`select ${APPLICATION} from vetting_applications where id = $1`, [id]);
    return a;
  }

  /** Inside a write: holds the application row so a decision cannot be recorded until this change commits. */
  async lockApplication(tx: Queryable, id: string): Promise<ApplicationFacts | undefined> {
    const [a] = await tx.query<ApplicationFacts>(`select ${APPLICATION} from vetting_applications where id = $1 for share`, [id]);
    return a;
  }

  // ---- employment history ----

  employmentHistory(applicationId: string, q: Queryable = this.db): Promise<EmploymentEntry[]> {
    return q.query<EmploymentEntry>(
      `select ${EMPLOYMENT} from vetting_employment_history where application_id = $1 and removed_at is null order by from_on desc, to_on desc nulls first, created_at`,
      [applicationId],
    );
  }

  async employmentEntry(applicationId: string, entryId: string, q: Queryable = this.db): Promise<EmploymentEntry | undefined> {
    const [e] = await q.query<EmploymentEntry>(`select ${EMPLOYMENT} from vetting_employment_history where application_id = $1 and id = $2 and removed_at is null`, [applicationId, entryId]);
    return e;
  }

  async insertEmployment(tx: Queryable, applicationId: string, e: EmploymentColumns, byLabel: string): Promise<{ id: string; version: number }> {
    const [r] = await tx.query<{ id: string; version: number }>(
      `insert into vetting_employment_history (application_id, kind, organisation, role, from_on, to_on, reason_for_leaving,
         verification, verification_method, verified_by, verified_on, unverified_reason, created_by_label)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id, version`,
      [applicationId, e.kind, e.organisation, e.role, e.fromOn, e.toOn, e.reasonForLeaving, ...verificationParams(e), byLabel],
    );
    return r!;
  }

  /** The new version, or undefined when the entry has moved on (or does not exist). */
  async updateEmployment(tx: Queryable, applicationId: string, entryId: string, expectedVersion: number, e: EmploymentColumns): Promise<number | undefined> {
    const [r] = await tx.query<{ version: number }>(
      `update vetting_employment_history set kind = $4, organisation = $5, role = $6, from_on = $7, to_on = $8, reason_for_leaving = $9,
         verification = $10, verification_method = $11, verified_by = $12, verified_on = $13, unverified_reason = $14, version = version + 1, updated_at = now()
       where application_id = $1 and id = $2 and version = $3 and removed_at is null returning version`,
      [applicationId, entryId, expectedVersion, e.kind, e.organisation, e.role, e.fromOn, e.toOn, e.reasonForLeaving, ...verificationParams(e)],
    );
    return r?.version;
  }

  async removeEmployment(tx: Queryable, applicationId: string, entryId: string, expectedVersion: number, byLabel: string): Promise<boolean> {
    const rows = await tx.query(
      `update vetting_employment_history set removed_at = now(), removed_by_label = $4, version = version + 1
       where application_id = $1 and id = $2 and version = $3 and removed_at is null returning id`,
      [applicationId, entryId, expectedVersion, byLabel],
    );
    return rows.length > 0;
  }

  // ---- qualifications ----

  qualifications(applicationId: string, q: Queryable = this.db): Promise<Qualification[]> {
    return q.query<Qualification>(`select ${QUALIFICATION} from vetting_qualifications where application_id = $1 and removed_at is null order by awarded_on desc, created_at`, [applicationId]);
  }

  async qualification(applicationId: string, qualificationId: string, q: Queryable = this.db): Promise<Qualification | undefined> {
    const [r] = await q.query<Qualification>(`select ${QUALIFICATION} from vetting_qualifications where application_id = $1 and id = $2 and removed_at is null`, [applicationId, qualificationId]);
    return r;
  }

  async insertQualification(tx: Queryable, applicationId: string, c: QualificationColumns, byLabel: string): Promise<{ id: string; version: number }> {
    const [r] = await tx.query<{ id: string; version: number }>(
      `insert into vetting_qualifications (application_id, title, awarding_body, awarded_on, needed_for_post,
         verification, verification_method, verified_by, verified_on, unverified_reason, created_by_label)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id, version`,
      [applicationId, c.title, c.awardingBody, c.awardedOn, c.neededForPost, ...verificationParams(c), byLabel],
    );
    return r!;
  }

  async updateQualification(tx: Queryable, applicationId: string, qualificationId: string, expectedVersion: number, c: QualificationColumns): Promise<number | undefined> {
    const [r] = await tx.query<{ version: number }>(
      `update vetting_qualifications set title = $4, awarding_body = $5, awarded_on = $6, needed_for_post = $7,
         verification = $8, verification_method = $9, verified_by = $10, verified_on = $11, unverified_reason = $12, version = version + 1, updated_at = now()
       where application_id = $1 and id = $2 and version = $3 and removed_at is null returning version`,
      [applicationId, qualificationId, expectedVersion, c.title, c.awardingBody, c.awardedOn, c.neededForPost, ...verificationParams(c)],
    );
    return r?.version;
  }

  async removeQualification(tx: Queryable, applicationId: string, qualificationId: string, expectedVersion: number, byLabel: string): Promise<boolean> {
    const rows = await tx.query(
      `update vetting_qualifications set removed_at = now(), removed_by_label = $4, version = version + 1
       where application_id = $1 and id = $2 and version = $3 and removed_at is null returning id`,
      [applicationId, qualificationId, expectedVersion, byLabel],
    );
    return rows.length > 0;
  }

  // ---- interviews ----

  async interviews(applicationId: string, q: Queryable = this.db): Promise<Interview[]> {
    const rows = await q.query<Interview>(
      `select ${INTERVIEW} from vetting_interviews i left join vetting_interview_records r on r.interview_id = i.id
       where i.application_id = $1 order by i.scheduled_at desc`,
      [applicationId],
    );
    return rows.map(interviewRow);
  }

  async interview(applicationId: string, interviewId: string, q: Queryable = this.db): Promise<Interview | undefined> {
    const [i] = await q.query<Interview>(
      `select ${INTERVIEW} from vetting_interviews i left join vetting_interview_records r on r.interview_id = i.id where i.application_id = $1 and i.id = $2`,
      [applicationId, interviewId],
    );
    return i && interviewRow(i);
  }

  async insertInterview(tx: Queryable, applicationId: string, s: { scheduledAt: string; mode: string; location: string | null; interviewerName: string }, byLabel: string): Promise<{ id: string; version: number }> {
    const [r] = await tx.query<{ id: string; version: number }>(
      `insert into vetting_interviews (application_id, scheduled_at, mode, location, interviewer_name, created_by_label) values ($1, $2, $3, $4, $5, $6) returning id, version`,
      [applicationId, s.scheduledAt, s.mode, s.location, s.interviewerName, byLabel],
    );
    return r!;
  }

  /** Only a scheduled interview can be rearranged. */
  async reschedule(tx: Queryable, applicationId: string, interviewId: string, expectedVersion: number, s: { scheduledAt: string; mode: string; location: string | null; interviewerName: string }): Promise<number | undefined> {
    const [r] = await tx.query<{ version: number }>(
      `update vetting_interviews set scheduled_at = $4, mode = $5, location = $6, interviewer_name = $7, version = version + 1, updated_at = now()
       where application_id = $1 and id = $2 and version = $3 and status = 'scheduled' returning version`,
      [applicationId, interviewId, expectedVersion, s.scheduledAt, s.mode, s.location, s.interviewerName],
    );
    return r?.version;
  }

  async recordOutcome(tx: Queryable, applicationId: string, interviewId: string, expectedVersion: number, o: InterviewOutcomeColumns, byLabel: string): Promise<number | undefined> {
    const [r] = await tx.query<{ version: number }>(
      `update vetting_interviews set status = $4, held_on = $5, summary = $6, copy_given_on = $7, outcome_note = $8, outcome_recorded_by_label = $9,
         version = version + 1, updated_at = now()
       where application_id = $1 and id = $2 and version = $3 and status = 'scheduled' returning version`,
      [applicationId, interviewId, expectedVersion, o.status, o.heldOn, o.summary, o.copyGivenOn, o.outcomeNote, byLabel],
    );
    return r?.version;
  }

  async recordCopyGiven(tx: Queryable, applicationId: string, interviewId: string, expectedVersion: number, copyGivenOn: string): Promise<number | undefined> {
    const [r] = await tx.query<{ version: number }>(
      `update vetting_interviews set copy_given_on = $4, version = version + 1, updated_at = now()
       where application_id = $1 and id = $2 and version = $3 and status = 'held' returning version`,
      [applicationId, interviewId, expectedVersion, copyGivenOn],
    );
    return r?.version;
  }

  /** Moves a held interview's version on when its record changes, so a stale form cannot replace a newer file. */
  async touchInterview(tx: Queryable, applicationId: string, interviewId: string, expectedVersion: number): Promise<number | undefined> {
    const [r] = await tx.query<{ version: number }>(
      `update vetting_interviews set version = version + 1, updated_at = now() where application_id = $1 and id = $2 and version = $3 and status = 'held' returning version`,
      [applicationId, interviewId, expectedVersion],
    );
    return r?.version;
  }

  async putRecord(tx: Queryable, interviewId: string, f: { fileName: string; mediaType: string; sha256: string; content: Uint8Array }, by: { userId: string | null; label: string }): Promise<void> {
    await tx.query(
      `insert into vetting_interview_records (interview_id, file_name, media_type, size_bytes, sha256, content, uploaded_by, uploaded_by_label)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (interview_id) do update set file_name = excluded.file_name, media_type = excluded.media_type, size_bytes = excluded.size_bytes,
         sha256 = excluded.sha256, content = excluded.content, uploaded_by = excluded.uploaded_by, uploaded_by_label = excluded.uploaded_by_label, uploaded_at = now()`,
      [interviewId, f.fileName, f.mediaType, f.content.byteLength, f.sha256, f.content, by.userId, by.label],
    );
  }

  async recordContent(applicationId: string, interviewId: string): Promise<(RecordMeta & { content: Buffer }) | undefined> {
    const [r] = await this.db.query<RecordMeta & { content: Uint8Array }>(
      `select r.file_name as "fileName", r.media_type as "mediaType", r.size_bytes as "sizeBytes", r.sha256, r.uploaded_at as "uploadedAt", r.uploaded_by_label as "uploadedByLabel", r.content
       from vetting_interview_records r join vetting_interviews i on i.id = r.interview_id where i.application_id = $1 and r.interview_id = $2`,
      [applicationId, interviewId],
    );
    // node-postgres gives a Buffer, PGlite a Uint8Array.
    return r && { ...r, uploadedAt: iso(r.uploadedAt), content: Buffer.from(r.content.buffer, r.content.byteOffset, r.content.byteLength) };
  }
}
