import { z } from '../../../platform/openapi/registry.js';
import { isoDate, optionalIsoDate } from '../../workforce/schema.js';
import { FINDINGS, OUTCOMES } from '../rules.js';
import { HEARING_KINDS, IOPC_REVIEW_CRITERIA, PANEL_MEMBER_TYPES, REVIEW_OUTCOMES } from './rules.js';

const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v);
const text = (label: string, max: number, missing = `Enter the ${label}`) => z.preprocess(blank, z.string({ error: missing }).trim().min(1, missing).max(max, `The ${label} must be ${max} characters or fewer`));
const optionalText = (label: string, max: number) => z.preprocess(blank, z.string().trim().max(max, `The ${label} must be ${max} characters or fewer`).optional());
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Give a valid reference');
const yesNo = z.preprocess((v) => v === true || v === 'true' || v === 'yes' || v === 'on', z.boolean()).default(false);
const version = z.coerce.number({ error: 'The version is missing: reload the page' }).int().positive();
const listOf = <T extends z.ZodType>(item: T, max: number) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(max));
const time = z.preprocess(blank, z.string({ error: 'Enter the start time, like 09:30' }).trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the start time as hours and minutes, like 09:30'));

const hearingDetails = {
  hearingDate: isoDate,
  endsOn: optionalIsoDate.describe('The last day, for a hearing listed for more than one day'),
  startTime: time,
  venue: text('venue', 300),
  inPublic: yesNo.describe('Held in public (hearings, unless the chair directs otherwise; never a meeting)'),
  privateReason: optionalText('reason the hearing is not in public', 2000),
  allegationsForPublication: text('allegations as proposed to be heard', 5000),
};
const detailsRefinement = (h: { endsOn?: string; hearingDate: string; inPublic: boolean; privateReason?: string; kind?: string }, ctx: z.RefinementCtx) => {
  if (h.endsOn && h.endsOn < h.hearingDate) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The last day must be on or after the first day' });
  if (h.kind === 'misconduct_meeting' && h.inPublic) ctx.addIssue({ code: 'custom', path: ['inPublic'], message: 'A misconduct meeting is held in private' });
  if (h.kind !== 'misconduct_meeting' && h.kind !== undefined && !h.inPublic && !h.privateReason) ctx.addIssue({ code: 'custom', path: ['privateReason'], message: 'Give the reason this hearing is not in public' });
};

export const HearingSchema = z
  .object({
    kind: z.enum(HEARING_KINDS, { error: 'Choose a misconduct meeting, a misconduct hearing or an accelerated hearing' }),
    subjectPersonIds: listOf(uuid, 20).refine((l) => l.length > 0, 'Choose the subjects it deals with'),
    ...hearingDetails,
  })
  .superRefine(detailsRefinement)
  .openapi('ConductHearing');

export const HearingDetailsSchema = z.object({ ...hearingDetails, version }).openapi('ConductHearingDetails');

export const PanelSchema = z
  .object({ panel: z.array(z.object({ type: z.enum(PANEL_MEMBER_TYPES), name: text('member’s name', 120), rankOrGrade: optionalText('member’s rank or grade', 60) })).max(10), version })
  .openapi('ConductHearingPanel');

export const ConclusionSchema = z.object({ concludedOn: isoDate, version }).openapi('ConductHearingConclusion');
export const ChairReportSchema = z.object({ receivedOn: isoDate, version }).openapi('ConductChairReport');

export const HearingOutcomeSchema = z
  .object({
    personId: uuid,
    finding: z.enum(FINDINGS, { error: 'Choose what the meeting or hearing found' }),
    outcome: z.enum(OUTCOMES, { error: 'Choose the outcome' }),
    decidedOn: isoDate,
    liveFinalWarningOrMultipleIncidents: yesNo,
    departureReasons: optionalText('reasons for departing from the presumption of dismissal', 5000),
    caseVersion: version,
  })
  .openapi('ConductHearingOutcome');

export const BarredListSchema = z.object({ referredOn: isoDate, referredBy: text('name of who referred it', 120), version }).openapi('ConductBarredListReferral');

export const PublishSchema = z.object({ kind: z.enum(['notice', 'outcome'], { error: 'Choose what to publish' }), version }).openapi('ConductHearingPublish');
export const WithdrawSchema = z.object({ reason: text('reason for withdrawing it', 1000), version }).openapi('ConductHearingWithdraw');

export const LetterSchema = z
  .object({
    partyId: uuid.describe('The complainant (from the case’s complainants and victims)'),
    kind: z.enum(['update', 'outcome'], { error: 'Choose an update or the outcome letter' }),
    letterDate: isoDate,
    body: text('text of the letter', 10_000),
    reviewCriteria: listOf(z.enum(IOPC_REVIEW_CRITERIA), IOPC_REVIEW_CRITERIA.length).describe('Criteria met that may make the IOPC the review body (referral is read from the case)'),
  })
  .openapi('ConductComplainantLetter');

export const ReviewSchema = z
  .object({
    requestedOn: isoDate,
    outcome: z.preprocess(blank, z.enum(REVIEW_OUTCOMES).optional()),
    outcomeOn: optionalIsoDate,
    notes: optionalText('notes on the review', 5000),
    version,
  })
  .superRefine((r, ctx) => {
    if (r.outcome && !r.outcomeOn) ctx.addIssue({ code: 'custom', path: ['outcomeOn'], message: 'Enter the date of the review outcome' });
    if (r.outcomeOn && !r.outcome) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Choose the review outcome' });
    if (r.outcomeOn && r.outcomeOn < r.requestedOn) ctx.addIssue({ code: 'custom', path: ['outcomeOn'], message: 'The outcome must be on or after the request' });
  })
  .openapi('ConductComplainantReview');
