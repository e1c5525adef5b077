import { assertAllowed, authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { canAny, checkAccess } from '../../../platform/access/policy.js';
import type { Queryable } from '../../../platform/db/types.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { z } from '../../../platform/openapi/registry.js';
import type { ConductFeatureDeps } from '../features.js';
import { labelFor } from '../presenters.js';
import { PRESUMPTION_OF_DISMISSAL_FROM, rankLevel } from '../rules.js';
import { HearingsRepository, type Hearing, type PublishedContent } from './data.js';
import { complainantLetter } from './letters.js';
import {
  appealRoute, chairOf, compositionInForce, dueDate, isLive, panelErrors, panelSlots, publicationRefusal, publicationWindow, reviewBody, reviewDueOn,
  type HearingKind, type IopcReviewCriterion, type PanelMember,
} from './rules.js';
import type {
  BarredListSchema, ChairReportSchema, ConclusionSchema, HearingDetailsSchema, HearingOutcomeSchema, HearingSchema, LetterSchema, PanelSchema, PublishSchema, ReviewSchema, WithdrawSchema,
} from './schema.js';
import { hearingsRules, type HearingsRules } from './settings.js';

export const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
const words = (code: string) => code.replace(/_/g, ' ');
const invalid = (field: string, message: string) => new ValidationError([{ field, message }]);

interface WriteResult<T> { result: T; note: string; audit: string; details?: Record<string, unknown> }

/**
 * Meetings and hearings, their outcomes (recorded through the core's recordOutcome, so the forum rules and the
 * vetting event apply), publication, and letters to complainants. Every read is authorised on the case and audited;
 * every write checks access, notes the case timeline and audits in its own transaction.
 */
export class HearingsService {
  constructor(private readonly deps: ConductFeatureDeps, private readonly repo: HearingsRepository) {}

  rules(q?: Queryable): Promise<HearingsRules> {
    return hearingsRules(this.deps.settings, q);
  }

  private async authorisedRead(actor: ActorContext, caseId: string, event: string, details?: Record<string, unknown>) {
    const resource = await this.deps.conduct.caseResource(caseId);
    await authoriseRead(this.deps.audit, actor, 'read', resource, { event, subjectType: 'conduct_case', subjectId: caseId, details });
  }

  private async write<T>(actor: ActorContext, caseId: string, action: 'update' | 'decide', work: (tx: Queryable) => Promise<WriteResult<T>>): Promise<T> {
    assertAllowed(actor, action, await this.deps.conduct.caseResource(caseId));
    const out = await this.deps.db.transaction(async (tx) => {
      const done = await work(tx);
      await this.deps.conduct.noteOnTimeline(tx, caseId, actor.viewer.label, done.note);
      await this.deps.audit.recordIn(tx, { action: done.audit, actor: who(actor), subjectType: 'conduct_case', subjectId: caseId, correlationId: actor.correlationId, ip: actor.ip, details: done.details });
      return done.result;
    });
    void this.deps.bus.dispatch();
    return out;
  }

  /** A write on one hearing at the version the editor saw (409 otherwise). */
  private hearingWrite<T>(actor: ActorContext, caseId: string, hearingId: string, version: number, work: (tx: Queryable, h: Hearing) => Promise<WriteResult<T> & { set?: Record<string, unknown> }>): Promise<T> {
    return this.write(actor, caseId, 'update', async (tx) => {
      const h = await this.hearingOf(caseId, hearingId, tx);
      if (h.version !== version) throw new ConflictError();
      const done = await work(tx, h);
      if (!(await this.repo.updateHearing(tx, hearingId, version, done.set ?? {}))) throw new ConflictError();
      return done;
    });
  }

  private async hearingOf(caseId: string, hearingId: string, q?: Queryable): Promise<Hearing> {
    const h = await this.repo.hearing(hearingId, q);
    if (!h || h.caseId !== caseId) throw new NotFoundError('There is no such meeting or hearing on this case');
    return h;
  }

  private async caseFacts(caseId: string, q: Queryable) {
    const [c] = await q.query<{ reference: string; kind: string; status: string; referred: boolean | null; handlingRoute: string | null; subjectPersonIds: string[]; version: number }>(
      `select reference, kind, status, referred, handling_route as "handlingRoute", subject_person_ids as "subjectPersonIds", version from conduct_cases where id = $1`, [caseId]);
    if (!c) throw new NotFoundError('There is no conduct case with that reference');
    return c;
  }

  /** The latest case-to-answer decision for each subject (the appropriate authority's, under the seniority rule). */
  private async caseToAnswer(caseId: string, q: Queryable): Promise<Map<string, string>> {
    const rows = await q.query<{ personId: string; value: string }>(
      `select distinct on (person_id) person_id as "personId", value from conduct_decisions where case_id = $1 and kind = 'case_to_answer' order by person_id, created_at desc, id desc`, [caseId]);
    return new Map(rows.map((r) => [r.personId, r.value]));
  }

  private async names(personIds: readonly string[], q?: Queryable): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    for (const id of personIds) {
      const p = await this.deps.people.personBasics(id, q);
      names[id] = p ? `${p.forenames} ${p.surname}` : 'Not in the workforce directory';
    }
    return names;
  }

  // --- Reads ----------------------------------------------------------------------------------

  /** The case's meetings and hearings with panels, outcomes and publications (audited). */
  async overview(actor: ActorContext, caseId: string) {
    await this.authorisedRead(actor, caseId, 'conduct-hearings.view');
    return this.load(caseId);
  }

  /** For the case page's section: the case has already been authorised and audited. */
  async section(actor: ActorContext, caseId: string) {
    if (!canAny(actor.viewer, 'read', 'conduct_case')) return undefined;
    assertAllowed(actor, 'read', await this.deps.conduct.caseResource(caseId));
    return this.load(caseId);
  }

  private async load(caseId: string) {
    const [c, hearings, rules, letters] = [await this.caseFacts(caseId, this.deps.db), await this.repo.hearings(caseId), await this.rules(), await this.repo.letters(caseId)];
    const ids = hearings.map((h) => h.id);
    const [outcomes, publications] = [await this.repo.outcomes(ids), await this.repo.publications(ids)];
    const today = todayInLondon();
    const subjectNames = await this.names(c.subjectPersonIds);
    return {
      reference: c.reference, caseVersion: c.version, caseStatus: c.status, subjectPersonIds: c.subjectPersonIds, subjectNames, today,
      hearings: hearings.map((h) => {
        const composition = compositionInForce(h.kind, h.hearingDate, rules.panelCompositions);
        return {
          ...h,
          appealRoute: appealRoute(h.kind),
          chair: chairOf(h.panel) ?? null,
          panelComplete: h.panel.length > 0 && panelErrors(h.kind, h.hearingDate, h.panel, rules.panelCompositions).length === 0,
          panelSlots: panelSlots(composition).map((slot) => {
            const member = h.panel.filter((m) => m.type === slot.type)[slot.index];
            return { ...slot, name: member?.name ?? '', rankOrGrade: member?.rankOrGrade ?? '' };
          }),
          compositionFrom: composition?.from ?? null,
          chairReportOverdue: !!h.chairReportDueOn && !h.chairReportReceivedOn && h.chairReportDueOn < today,
          outcomes: outcomes.filter((o) => o.hearingId === h.id),
          publications: publications.filter((p) => p.hearingId === h.id).map((p) => ({ ...p, live: isLive(p, today) })),
        };
      }),
      letters: letters.map(({ body: _b, ...l }) => ({ ...l, reviewInTime: l.reviewRequestedOn && l.reviewDueOn ? l.reviewRequestedOn <= l.reviewDueOn : null })),
    };
  }

  // --- Scheduling and panels ------------------------------------------------------------------

  async schedule(actor: ActorContext, caseId: string, body: z.infer<typeof HearingSchema>): Promise<string> {
    const subjects = [...new Set(body.subjectPersonIds.map((p) => p.toLowerCase()))];
    return this.write(actor, caseId, 'update', async (tx) => {
      const c = await this.caseFacts(caseId, tx);
      if (c.status === 'finalised') throw new ConflictError('This case has been finalised');
      if (subjects.some((s) => !c.subjectPersonIds.includes(s))) throw invalid('subjectPersonIds', 'Choose subjects of this case');
      const decided = await this.caseToAnswer(caseId, tx);
      const names = await this.names(subjects, tx);
      for (const s of subjects) {
        const finding = decided.get(s);
        if (!finding || finding === 'no_case_to_answer') throw invalid('subjectPersonIds', `${names[s]} has no case to answer recorded: decide it before arranging a meeting or hearing`);
        if (body.kind === 'misconduct_meeting' && finding !== 'case_to_answer_misconduct') throw invalid('kind', `${names[s]} has a case to answer for gross misconduct: that is heard at a misconduct hearing`);
        if (body.kind === 'accelerated_hearing' && finding !== 'case_to_answer_gross_misconduct') throw invalid('kind', 'An accelerated hearing is for gross misconduct only');
      }
      const inPublic = body.kind !== 'misconduct_meeting' && body.inPublic;
      const hearingId = await this.repo.insertHearing(tx, {
        caseId, kind: body.kind, subjectPersonIds: subjects, hearingDate: body.hearingDate, endsOn: body.endsOn ?? null, startTime: body.startTime, venue: body.venue,
        inPublic, privateReason: inPublic ? null : body.privateReason ?? null, allegationsForPublication: body.allegationsForPublication, createdByLabel: actor.viewer.label,
      });
      return { result: hearingId, note: `${labelFor(body.kind)} arranged for ${body.hearingDate} at ${body.startTime}${inPublic ? ', in public' : ', in private'}`, audit: 'conduct-hearing.schedule', details: { hearingId, kind: body.kind, subjects: subjects.length } };
    });
  }

  async updateDetails(actor: ActorContext, caseId: string, hearingId: string, body: z.infer<typeof HearingDetailsSchema>): Promise<void> {
    const rules = await this.rules();
    await this.hearingWrite(actor, caseId, hearingId, body.version, async (_tx, h) => {
      if (h.concludedOn) throw new ConflictError('This meeting or hearing has concluded: its details can no longer change');
      if (h.kind === 'misconduct_meeting' && body.inPublic) throw invalid('inPublic', 'A misconduct meeting is held in private');
      if (h.kind !== 'misconduct_meeting' && !body.inPublic && !body.privateReason) throw invalid('privateReason', 'Give the reason this hearing is not in public');
      if (body.endsOn && body.endsOn < body.hearingDate) throw invalid('endsOn', 'The last day must be on or after the first day');
      if (h.panel.length && panelErrors(h.kind, body.hearingDate, h.panel, rules.panelCompositions).length) {
        throw invalid('hearingDate', 'The panel appointed does not meet the composition in force on the new date: appoint the panel again after changing the date');
      }
      const set = { hearing_date: body.hearingDate, ends_on: body.endsOn ?? null, start_time: body.startTime, venue: body.venue, in_public: body.inPublic, private_reason: body.inPublic ? null : body.privateReason ?? null, allegations_for_publication: body.allegationsForPublication };
      return { result: undefined, set, note: `${labelFor(h.kind)} details changed: ${body.hearingDate} at ${body.startTime}`, audit: 'conduct-hearing.update', details: { hearingId } };
    });
  }

  /** Appoints the panel, checked against the composition the regulations in force on the hearing date require. */
  async appointPanel(actor: ActorContext, caseId: string, hearingId: string, body: z.infer<typeof PanelSchema>): Promise<void> {
    const rules = await this.rules();
    await this.hearingWrite(actor, caseId, hearingId, body.version, async (tx, h) => {
      if (h.concludedOn) throw new ConflictError('This meeting or hearing has concluded: its panel can no longer change');
      const errors = [...panelErrors(h.kind, h.hearingDate, body.panel, rules.panelCompositions), ...(await this.conductingRankErrors(h, body.panel, tx))];
      if (errors.length) throw new ValidationError(errors);
      return { result: undefined, set: { panel: JSON.stringify(body.panel) }, note: `Panel appointed for the ${labelFor(h.kind).toLowerCase()}: ${body.panel.map((m) => m.name).join(', ')}`, audit: 'conduct-hearing.panel', details: { hearingId, members: body.panel.map((m) => m.type) } };
    });
  }

  /**
   * A misconduct meeting is conducted by someone at least one rank above each officer concerned (Conduct Regulations
   * 2020 reg 28), on the force's rank scale (`conduct.rankOrder`). Subjects without a rank on the scale (police staff)
   * are left to the force's own procedure.
   */
  private async conductingRankErrors(h: Hearing, panel: readonly { type: string; rankOrGrade?: string }[], tx: Queryable): Promise<{ field: string; message: string }[]> {
    const conducting = panel.find((m) => m.type === 'person_conducting');
    if (h.kind !== 'misconduct_meeting' || !conducting) return [];
    const order = (await this.deps.conduct.rules(tx)).rankOrder;
    const level = rankLevel(conducting.rankOrGrade, order);
    for (const subject of h.subjectPersonIds) {
      const subjectRank = await this.deps.people.rankOrGrade(subject, tx);
      const subjectLevel = rankLevel(subjectRank, order);
      if (subjectLevel === undefined) continue;
      if (level === undefined) return [{ field: 'panel', message: `Give the rank of the person conducting the meeting, as it appears on the force’s rank scale: it must be above ${subjectRank} (regulation 28)` }];
      if (level <= subjectLevel) return [{ field: 'panel', message: `The person conducting the meeting must be at least one rank above the officer concerned (${subjectRank}), under regulation 28` }];
    }
    return [];
  }

  async conclude(actor: ActorContext, caseId: string, hearingId: string, body: z.infer<typeof ConclusionSchema>): Promise<void> {
    const rules = await this.rules();
    await this.hearingWrite(actor, caseId, hearingId, body.version, async (_tx, h) => {
      if (h.concludedOn) throw new ConflictError('This meeting or hearing has already concluded');
      if (body.concludedOn < h.hearingDate) throw invalid('concludedOn', 'It cannot conclude before it starts');
      if (body.concludedOn > todayInLondon()) throw invalid('concludedOn', 'The date it concluded must be today or in the past');
      if (!h.panel.length || panelErrors(h.kind, h.hearingDate, h.panel, rules.panelCompositions).length) throw invalid('concludedOn', 'Appoint the panel the regulations require before recording that it concluded');
      const due = dueDate(body.concludedOn, rules.chairReportLimit, rules.bankHolidays);
      return { result: undefined, set: { concluded_on: body.concludedOn, chair_report_due_on: due }, note: `${labelFor(h.kind)} concluded on ${body.concludedOn}; chair’s report due by ${due}`, audit: 'conduct-hearing.conclude', details: { hearingId, chairReportDueOn: due } };
    });
  }

  async chairReportReceived(actor: ActorContext, caseId: string, hearingId: string, body: z.infer<typeof ChairReportSchema>): Promise<void> {
    await this.hearingWrite(actor, caseId, hearingId, body.version, async (_tx, h) => {
      if (!h.concludedOn) throw invalid('receivedOn', 'Record that the meeting or hearing concluded first');
      if (body.receivedOn < h.concludedOn || body.receivedOn > todayInLondon()) throw invalid('receivedOn', 'The report is received after the proceedings end and no later than today');
      const late = body.receivedOn > h.chairReportDueOn! ? ` (late: due ${h.chairReportDueOn})` : '';
      return { result: undefined, set: { chair_report_received_on: body.receivedOn }, note: `Chair’s report received on ${body.receivedOn}${late}`, audit: 'conduct-hearing.chair-report', details: { hearingId, late: !!late } };
    });
  }

  // --- Outcomes -------------------------------------------------------------------------------

  /**
   * The outcome for one subject of the meeting or hearing: recorded by the core (forum rules, the presumption of
   * dismissal's reasons, the seniority of the decision, the event vetting consumes), then linked to the hearing.
   */
  async recordOutcome(actor: ActorContext, caseId: string, hearingId: string, body: z.infer<typeof HearingOutcomeSchema>): Promise<string> {
    const personId = body.personId.toLowerCase();
    const h = await this.hearingOf(caseId, hearingId);
    assertAllowed(actor, 'decide', await this.deps.conduct.caseResource(caseId));
    if (!h.subjectPersonIds.includes(personId)) throw invalid('personId', 'Choose a subject of this meeting or hearing');
    if ((await this.repo.outcomes([hearingId])).some((o) => o.personId === personId)) throw invalid('personId', 'An outcome is already recorded for this subject at this meeting or hearing');
    if (body.decidedOn < h.hearingDate) throw invalid('decidedOn', 'The outcome cannot be decided before the meeting or hearing');
    const chair = chairOf(h.panel);
    if (!chair) throw invalid('outcome', 'Appoint the panel before recording an outcome');
    const presumption = body.finding === 'gross_misconduct' && body.decidedOn >= PRESUMPTION_OF_DISMISSAL_FROM;
    const departure = presumption && body.outcome !== 'dismissal_without_notice' ? body.departureReasons ?? null : null;
    // The core records the outcome (forum rules, event for vetting); the link to this hearing goes in the same transaction.
    return this.deps.conduct.recordOutcome(actor, caseId, {
      personId, forum: h.kind, finding: body.finding, outcome: body.outcome, decidedOn: body.decidedOn, decidedByName: chair.name,
      liveFinalWarningOrMultipleIncidents: body.liveFinalWarningOrMultipleIncidents, departureReasons: body.departureReasons, version: body.caseVersion,
    }, async (tx, outcomeId) => {
      await this.repo.insertOutcome(tx, { outcomeId, hearingId, caseId, personId, presumptionOfDismissal: presumption, departureReasons: departure });
      const referral = body.outcome === 'dismissal_without_notice' ? '; referral to the barred list to be recorded' : '';
      await this.deps.conduct.noteOnTimeline(tx, caseId, actor.viewer.label, `Outcome linked to the ${labelFor(h.kind).toLowerCase()} of ${h.hearingDate}${presumption ? (departure ? ', departing from the presumption of dismissal' : ', presumption of dismissal applied') : ''}${referral}`);
      await this.deps.audit.recordIn(tx, { action: 'conduct-hearing.outcome', actor: who(actor), subjectType: 'conduct_case', subjectId: caseId, correlationId: actor.correlationId, ip: actor.ip, details: { hearingId, outcomeId, presumption, departure: !!departure } });
    });
  }

  /** Everyone dismissed goes on the College of Policing's barred list: who referred them and when. */
  async recordBarredListReferral(actor: ActorContext, caseId: string, hearingId: string, outcomeId: string, body: z.infer<typeof BarredListSchema>): Promise<void> {
    await this.hearingWrite(actor, caseId, hearingId, body.version, async (tx, h) => {
      const outcome = (await this.repo.outcomes([h.id], tx)).find((o) => o.outcomeId === outcomeId);
      if (!outcome) throw new NotFoundError('There is no such outcome for this meeting or hearing');
      if (outcome.outcome !== 'dismissal_without_notice') throw invalid('referredOn', 'Only a dismissal is referred to the barred list');
      if (body.referredOn < outcome.decidedOn || body.referredOn > todayInLondon()) throw invalid('referredOn', 'The referral is made after the dismissal and no later than today');
      await this.repo.recordBarredListReferral(tx, outcomeId, body.referredOn, body.referredBy, actor.viewer.label);
      return { result: undefined, note: `Dismissal referred to the Police Barred List on ${body.referredOn} by ${body.referredBy}`, audit: 'conduct-hearing.barred-list', details: { hearingId, outcomeId } };
    });
  }

  /** Blocks finalisation while a dismissal has not been referred to the barred list. */
  async finalisationBlockers(caseId: string, tx: Queryable): Promise<string[]> {
    const n = await this.repo.dismissalsNotReferred(caseId, tx);
    return n ? [`${n === 1 ? 'A dismissal has' : `${n} dismissals have`} not been referred to the Police Barred List: record the referral on the hearing page`] : [];
  }

  // --- Publication ----------------------------------------------------------------------------

  /** Publishes the notice of a public hearing, or its outcome: exactly the details the regulations require. */
  async publish(actor: ActorContext, caseId: string, hearingId: string, body: z.infer<typeof PublishSchema>): Promise<string> {
    const rules = await this.rules();
    const today = todayInLondon();
    return this.hearingWrite(actor, caseId, hearingId, body.version, async (tx, h) => {
      const refusal = publicationRefusal(h, body.kind, today);
      if (refusal) throw invalid('kind', refusal);
      const outcomes = body.kind === 'outcome' ? await this.repo.outcomes([h.id], tx) : [];
      if (body.kind === 'outcome' && h.subjectPersonIds.some((p) => !outcomes.some((o) => o.personId === p))) throw invalid('kind', 'Record the outcome for every subject before publishing');
      const officers: PublishedContent['officers'] = [];
      for (const personId of h.subjectPersonIds) {
        const person = await this.deps.people.personBasics(personId, tx);
        const rank = person?.personType === 'officer' ? (await this.deps.people.rankOrGrade(personId, tx)) ?? null : 'Police staff';
        const outcome = outcomes.find((o) => o.personId === personId);
        officers.push({ name: person ? `${person.forenames} ${person.surname}` : 'Name not held', rank, ...(outcome ? { finding: outcome.finding, outcome: outcome.outcome } : {}) });
      }
      const content: PublishedContent = { forum: h.kind, date: h.hearingDate, endsOn: h.endsOn, startTime: h.startTime, venue: h.venue, allegations: h.allegationsForPublication, officers };
      const window = publicationWindow(h, body.kind, today, rules.publicationPeriods);
      const id = await this.repo.insertPublication(tx, { hearingId, caseId, kind: body.kind, content, publishedOn: window.from, publishedUntil: window.until, byLabel: actor.viewer.label });
      if (!id) throw new ConflictError(`The ${body.kind} is already published: withdraw it first to publish it again`);
      return { result: id, note: `${body.kind === 'notice' ? 'Notice of the hearing' : 'Outcome of the hearing'} published on the public page until ${window.until}`, audit: 'conduct-hearing.publish', details: { hearingId, publicationId: id, kind: body.kind, until: window.until } };
    });
  }

  async withdraw(actor: ActorContext, caseId: string, hearingId: string, publicationId: string, body: z.infer<typeof WithdrawSchema>): Promise<void> {
    await this.hearingWrite(actor, caseId, hearingId, body.version, async (tx) => {
      if (!(await this.repo.withdrawPublication(tx, publicationId, hearingId, actor.viewer.label, body.reason))) throw new NotFoundError('There is no such publication still up for this hearing');
      return { result: undefined, note: `Publication withdrawn from the public page: ${body.reason}`, audit: 'conduct-hearing.withdraw', details: { hearingId, publicationId } };
    });
  }

  /** The public page: what is published today, and nothing else. No sign-in; reads only the published snapshots. */
  publicHearings(page: number, pageSize: number) {
    return this.repo.livePublications(todayInLondon(), pageSize, (page - 1) * pageSize);
  }

  // --- Complainant letters --------------------------------------------------------------------

  /** Producing or preparing a letter reads who the complainant is: only roles that see party details, audited as the core does. */
  private async partyAccess(actor: ActorContext, caseId: string, action: 'read' | 'update', details?: Record<string, unknown>) {
    const resource = await this.deps.conduct.caseResource(caseId);
    const decision = checkAccess(actor.viewer, action, resource);
    const purpose = 'contact_complainant';
    if (decision.allowed && !(await this.deps.conduct.canSeeParties(actor))) {
      await this.deps.audit.record({ action: 'conduct-parties.view', actor: who(actor), outcome: 'denied', subjectType: 'conduct_case', subjectId: caseId, correlationId: actor.correlationId, ip: actor.ip, purpose, details: { ...details, reason: 'party_role' } });
      throw new ForbiddenError('Your role does not give access to complainants’ details');
    }
    if (action === 'read') await authoriseRead(this.deps.audit, actor, 'read', resource, { event: 'conduct-parties.view', subjectType: 'conduct_case', subjectId: caseId, purpose, details });
    else assertAllowed(actor, 'update', resource);
  }

  /** The case's complainants, as roles only (the letters page chooses among them without showing who they are). */
  async complainants(caseId: string): Promise<{ id: string; text: string }[]> {
    const rows = await this.deps.db.query<{ id: string; role: string; colleague: boolean }>(
      `select id, role, colleague from conduct_parties where case_id = $1 and role in ('complainant', 'complainant_and_victim') order by created_at, id`, [caseId]);
    return rows.map((r, i) => ({ id: r.id, text: `Complainant ${i + 1} (${r.colleague ? 'a colleague' : 'a member of the public'})` }));
  }

  async createLetter(actor: ActorContext, caseId: string, body: z.infer<typeof LetterSchema>): Promise<string> {
    await this.partyAccess(actor, caseId, 'update');
    const rules = await this.rules();
    return this.write(actor, caseId, 'update', async (tx) => {
      const c = await this.caseFacts(caseId, tx);
      const [party] = await tx.query<{ role: string }>('select role from conduct_parties where id = $1 and case_id = $2', [body.partyId, caseId]);
      if (!party || party.role === 'victim') throw invalid('partyId', 'Choose a complainant on this case');
      if (body.letterDate > todayInLondon()) throw invalid('letterDate', 'The date of the letter must be today or in the past');
      let review: { body: string; due: string; criteria: IopcReviewCriterion[] } | null = null;
      if (body.kind === 'outcome') {
        if (c.kind !== 'public_complaint') throw invalid('kind', 'Only a complaint carries a right of review: send an update instead');
        if (c.status === 'to_be_recorded' || c.status === 'logged_outside_schedule_3') throw invalid('kind', 'A complaint not recorded under Schedule 3 has no right of review: send an update instead');
        const criteria = [...new Set<IopcReviewCriterion>([...body.reviewCriteria, ...(c.referred ? ['referred_to_iopc' as const] : [])])];
        review = { body: reviewBody(criteria, rules.iopcReviewCriteria), due: reviewDueOn(body.letterDate, rules.reviewWindowDays), criteria };
      }
      const letterId = await this.repo.insertLetter(tx, { caseId, partyId: body.partyId, kind: body.kind, letterDate: body.letterDate, body: body.body, reviewBody: review?.body ?? null, reviewCriteria: review?.criteria ?? [], reviewDueOn: review?.due ?? null, byLabel: actor.viewer.label });
      // The timeline is read by every caseworker: it says which letter, never to whom.
      const note = review ? `Outcome letter to a complainant prepared, dated ${body.letterDate}; review by ${words(review.body)} requested by ${review.due}` : `Update letter to a complainant prepared, dated ${body.letterDate}`;
      return { result: letterId, note, audit: 'conduct-letter.create', details: { letterId, kind: body.kind, reviewBody: review?.body ?? null } };
    });
  }

  /** The letters on a case, without who they are to (audited). */
  async letters(actor: ActorContext, caseId: string) {
    await this.authorisedRead(actor, caseId, 'conduct-letters.view');
    const [c, letters] = [await this.caseFacts(caseId, this.deps.db), await this.repo.letters(caseId)];
    return { reference: c.reference, kind: c.kind, status: c.status, referred: c.referred, letters, complainants: await this.complainants(caseId), canWrite: await this.deps.conduct.canSeeParties(actor) };
  }

  /** The letter as sent, with the complainant's name and address: a party-detail read. */
  async letterDocument(actor: ActorContext, caseId: string, letterId: string) {
    const letter = await this.repo.letter(letterId);
    if (!letter || letter.caseId !== caseId) throw new NotFoundError('There is no such letter on this case');
    await this.partyAccess(actor, caseId, 'read', { letterId });
    const [c, recipient, rules] = [await this.caseFacts(caseId, this.deps.db), await this.repo.recipient(letter.partyId), await this.rules()];
    return complainantLetter({ letter, reference: c.reference, handlingRoute: c.handlingRoute, recipient: recipient!, reviewBodyNames: rules.reviewBodyNames, reviewWindowDays: rules.reviewWindowDays, sender: actor.viewer.label });
  }

  async recordReview(actor: ActorContext, caseId: string, letterId: string, body: z.infer<typeof ReviewSchema>): Promise<void> {
    await this.write(actor, caseId, 'update', async (tx) => {
      const letter = await this.repo.letter(letterId, tx);
      if (!letter || letter.caseId !== caseId) throw new NotFoundError('There is no such letter on this case');
      if (letter.kind !== 'outcome') throw invalid('requestedOn', 'Only an outcome letter carries a right of review');
      if (body.requestedOn < letter.letterDate) throw invalid('requestedOn', 'A review is requested after the outcome letter');
      if (body.requestedOn > todayInLondon() || (body.outcomeOn && body.outcomeOn > todayInLondon())) throw invalid(body.requestedOn > todayInLondon() ? 'requestedOn' : 'outcomeOn', 'The date must be today or in the past');
      if (!(await this.repo.recordReview(tx, letterId, body.version, { requestedOn: body.requestedOn, outcome: body.outcome ?? null, outcomeOn: body.outcomeOn ?? null, notes: body.notes ?? null }))) throw new ConflictError();
      const late = body.requestedOn > letter.reviewDueOn! ? ' (after the review period)' : '';
      const note = body.outcome ? `Review by ${words(letter.reviewBody!)}: ${words(body.outcome)} on ${body.outcomeOn}` : `Complainant applied for a review on ${body.requestedOn}${late}`;
      return { result: undefined, note, audit: 'conduct-letter.review', details: { letterId, outcome: body.outcome ?? null, late: !!late } };
    });
  }
}

export type HearingsOverview = Awaited<ReturnType<HearingsService['overview']>>;
export type { HearingKind, PanelMember };
