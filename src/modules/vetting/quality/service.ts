import { assertAllowed, authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { canAny, checkAccess, type Resource, type Viewer } from '../../../platform/access/policy.js';
import type { Queryable } from '../../../platform/db/types.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { z } from '../../../platform/openapi/registry.js';
import type { VettingFeatureDeps } from '../features.js';
import type { DecisionFacts, PoolEntry, PoolFacts, QualityRepository, SampleAccess, WorkListStatus } from './data.js';
import { byDecisionMaker, byMonth, reportCsv, themesUsed } from './report.js';
import {
  DEFAULT_LEARNING_THEMES, DEFAULT_SAMPLE_ALL_REFUSALS, DEFAULT_SAMPLE_SHARE, FINDING_LABELS, LearningThemesSchema, QA_SETTINGS,
  SampleAllRefusalsSchema, SampleShareSchema, addMonths, entersPool, findingErrors, samplingDraw, selectionFor, todayInLondon,
} from './sampling.js';
import type { FindingBody, QaSettingsBody } from './schema.js';

/** A QA action refused because the viewer made (or ratified) the decision: QA must be independent of it. */
export class OwnDecisionError extends ForbiddenError {}

export interface QaSettings {
  sampleShare: number;
  sampleAllRefusals: boolean;
  learningThemes: string[];
}

const SETTING_KEYS = ['sampleShare', 'sampleAllRefusals', 'learningThemes'] as const;
type SettingKey = (typeof SETTING_KEYS)[number];
const SETTING_DEFAULTS: QaSettings = { sampleShare: DEFAULT_SAMPLE_SHARE, sampleAllRefusals: DEFAULT_SAMPLE_ALL_REFUSALS, learningThemes: [...DEFAULT_LEARNING_THEMES] };

/** vetting.decision.recorded: today `{applicationId, personId, outcome, level}`; decisionId and the decider may follow. */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const DecisionRecordedPayload = z.object({ applicationId: uuid.optional(), decisionId: uuid.optional() });

/** Reports cover at most three years at a time, so one request stays small. */
const MAX_REPORT_MONTHS = 36;

const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
const resourceOf = (a: Omit<SampleAccess, 'id'>): Resource => ({ kind: 'vetting_quality', subjectPersonIds: a.subjectPersonIds, excludedUserIds: a.excludedUserIds, sealedToUserIds: a.sealedToUserIds });

/**
 * The policy's only manager-only grant on vetting_quality is export, so reports, settings, adding a decision to the
 * sample by hand and answering referrals are for viewers who hold it (the force vetting manager).
 */
export const managesQuality = (viewer: Viewer) => canAny(viewer, 'export', 'vetting_quality');

/** Why this viewer may not quality-assure the decision, if they made or ratified it. */
export function ownDecisionReason(viewer: Viewer, entry: Pick<PoolEntry, 'decidedBy' | 'ratifiedBy'>): string | undefined {
  if (!viewer.userId) return undefined;
  if (entry.decidedBy === viewer.userId) return 'You made this decision, so you cannot quality-assure it: another senior vetting advisor must.';
  if (entry.ratifiedBy === viewer.userId) return 'You ratified this decision, so you cannot quality-assure it: another senior vetting advisor must.';
  return undefined;
}

export class QualityService {
  constructor(private readonly deps: VettingFeatureDeps, private readonly repo: QualityRepository) {}

  /** The force's QA settings, with the defaults where none is set (the reference is silent on all three). */
  async settings(q?: Queryable): Promise<QaSettings> {
    // One after another: inside a transaction they share one connection.
    const s = this.deps.settings;
    const sampleShare = await s.get(QA_SETTINGS.sampleShare, SampleShareSchema, SETTING_DEFAULTS.sampleShare, q);
    const sampleAllRefusals = await s.get(QA_SETTINGS.sampleAllRefusals, SampleAllRefusalsSchema, SETTING_DEFAULTS.sampleAllRefusals, q);
    const learningThemes = await s.get(QA_SETTINGS.learningThemes, LearningThemesSchema, SETTING_DEFAULTS.learningThemes, q);
    return { sampleShare, sampleAllRefusals, learningThemes };
  }

  private async poolFacts(d: DecisionFacts, q: Queryable): Promise<PoolFacts> {
    const settings = await this.settings(q);
    const draw = samplingDraw(d.id);
    const eligible = entersPool(d.outcome, d.hadAdverseInformation);
    return { eligible, draw, sampleShare: settings.sampleShare, allRefusals: settings.sampleAllRefusals, selection: eligible ? selectionFor(d.outcome, draw, settings) : null };
  }

  /**
   * vetting.decision.recorded: refusals and clearances on adverse information enter the pool, and the sampling rule
   * decides at once whether each is sampled. The decision is read from vetting_decisions in the handler's transaction,
   * so the payload needs only the application (or decision) id. An unusable payload is ignored, never retried.
   */
  async onDecisionRecorded(payload: unknown, tx: Queryable): Promise<(PoolFacts & { id: string }) | undefined> {
    const parsed = DecisionRecordedPayload.safeParse(payload);
    if (!parsed.success || (!parsed.data.applicationId && !parsed.data.decisionId)) return undefined;
    const decision = await this.repo.decision(tx, parsed.data);
    // Only final decisions are published as recorded; one sent back before delivery is decided afresh and published again.
    if (!decision || decision.status !== 'final' || !entersPool(decision.outcome, decision.hadAdverseInformation)) return undefined;
    const facts = await this.poolFacts(decision, tx);
    const id = await this.repo.insertPoolEntry(tx, decision, facts);
    if (!id) return undefined;
    const access = await this.repo.applicationAccess(decision.applicationId, tx);
    await this.deps.audit.recordIn(tx, {
      action: 'vetting-qa.pool', actor: { userId: null, label: 'system' }, subjectType: 'vetting_application', subjectId: decision.applicationId,
      subjectPersonId: access?.personId ?? null, details: { decisionId: decision.id, outcome: decision.outcome, draw: facts.draw, sampleShare: facts.sampleShare, allRefusals: facts.allRefusals, selection: facts.selection },
    });
    if (facts.selection) await this.deps.vetting.noteOnTimeline(tx, decision.applicationId, 'system', 'Decision selected for quality assurance (dip sample)');
    return { id, ...facts };
  }

  private assertManager(actor: ActorContext, what: string): void {
    if (!managesQuality(actor.viewer)) throw new ForbiddenError(`Only the force vetting manager can ${what}`);
  }

  private async sampleAccess(id: string): Promise<SampleAccess> {
    const access = await this.repo.access(id);
    if (!access) throw new NotFoundError('There is no quality-assurance sample with that reference');
    return access;
  }

  /** The force vetting manager adds any decided application's decision to the sample, with a reason. */
  async addToSample(actor: ActorContext, applicationId: string, reason: string): Promise<string> {
    this.assertManager(actor, 'add a decision to the quality-assurance sample');
    const access = await this.repo.applicationAccess(applicationId);
    if (!access) throw new NotFoundError('There is no vetting application with that reference');
    assertAllowed(actor, 'update', resourceOf(access));
    return this.deps.db.transaction(async (tx) => {
      const decision = await this.repo.decision(tx, { applicationId });
      if (!decision) throw new ConflictError('This application has no decision yet, so there is nothing to quality-assure');
      if (decision.status !== 'final') throw new ConflictError('This decision is awaiting ratification: add it to the sample once it has been ratified');
      await this.repo.insertPoolEntry(tx, decision, await this.poolFacts(decision, tx));
      const id = await this.repo.sampleByHand(tx, decision.id, who(actor), reason);
      if (!id) throw new ConflictError('This decision is already in the quality-assurance sample');
      await this.deps.audit.recordIn(tx, {
        action: 'vetting-qa.sample-by-hand', actor: who(actor), subjectType: 'vetting_application', subjectId: applicationId, subjectPersonId: access.personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { decisionId: decision.id, sampleId: id, reason },
      });
      await this.deps.vetting.noteOnTimeline(tx, applicationId, actor.viewer.label, 'Decision added to the quality-assurance sample by hand');
      return id;
    });
  }

  /** A work list: sampled decisions awaiting QA (oldest first), completed QA, or referrals still open. */
  async workList(actor: ActorContext, o: { status: WorkListStatus; page: number; pageSize: number }) {
    assertAllowed(actor, 'read', { kind: 'vetting_quality' });
    if (o.status === 'referred') this.assertManager(actor, 'see referrals');
    await this.deps.audit.record({ action: 'vetting-qa.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...o } });
    const { entries, total } = await this.repo.list(actor.viewer, { status: o.status, limit: o.pageSize, offset: (o.page - 1) * o.pageSize });
    return { total, entries: entries.map((e) => ({ ...e, ownDecision: ownDecisionReason(actor.viewer, e) !== undefined })) };
  }

  /** One sample with the decision, its rationale and adverse information, and what this viewer may do with it. */
  async sample(actor: ActorContext, id: string) {
    const access = await this.sampleAccess(id);
    await authoriseRead(this.deps.audit, actor, 'read', resourceOf(access), { event: 'vetting-qa-sample.view', subjectType: 'vetting_application', subjectId: access.applicationId, subjectPersonId: access.personId, details: { sampleId: id } });
    const sample = await this.repo.detail(id);
    if (!sample) throw new NotFoundError('The decision this sample was drawn from no longer exists: it was returned and will be decided again');
    const viewer = actor.viewer;
    const ownReason = ownDecisionReason(viewer, sample);
    const { learningThemes } = await this.settings();
    const decider = viewer.userId !== null && sample.decidedBy === viewer.userId;
    return {
      sample,
      learningThemes,
      ownReason,
      can: {
        recordFinding: !!sample.selection && !sample.finding && !ownReason && canAny(viewer, 'decide', 'vetting_quality'),
        acknowledge: !!sample.finding && !sample.finding.acknowledgedAt && decider && canAny(viewer, 'update', 'vetting_quality'),
        respondToReferral: sample.finding?.action === 'refer_to_manager' && !sample.finding.referralClosedAt && !decider && managesQuality(viewer),
      },
    };
  }

  async recordFinding(actor: ActorContext, id: string, body: FindingBody): Promise<string> {
    const access = await this.sampleAccess(id);
    assertAllowed(actor, 'decide', resourceOf(access));
    return this.deps.db.transaction(async (tx) => {
      const entry = await this.repo.entry(id, tx);
      if (!entry) throw new NotFoundError('The decision this sample was drawn from no longer exists');
      const own = ownDecisionReason(actor.viewer, entry);
      if (own) throw new OwnDecisionError(own);
      if (!entry.selection) throw new ConflictError('This decision is in the QA pool but was not sampled: the force vetting manager can add it to the sample');
      if (entry.finding) throw new ConflictError(`${entry.finding.reviewedByLabel} has already recorded a finding on this decision`);
      const { learningThemes } = await this.settings(tx);
      const errors = findingErrors(body, learningThemes);
      if (errors.length) throw new ValidationError(errors, 'The finding cannot be saved yet');
      const findingId = await this.repo.insertFinding(tx, id, body.version, {
        finding: body.finding, learningThemes: body.learningThemes, feedback: body.feedback ?? null, action: body.action ?? null, reviewedBy: actor.viewer.userId, reviewedByLabel: actor.viewer.label,
      });
      if (!findingId) throw new ConflictError();
      await this.deps.audit.recordIn(tx, {
        action: 'vetting-qa.finding', actor: who(actor), subjectType: 'vetting_application', subjectId: entry.applicationId, subjectPersonId: access.personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { sampleId: id, decisionId: entry.decisionId, finding: body.finding, learningThemes: body.learningThemes, action: body.action ?? null },
      });
      const referred = body.action === 'refer_to_manager' ? ', referred to the force vetting manager' : '';
      await this.deps.vetting.noteOnTimeline(tx, entry.applicationId, actor.viewer.label, `Quality assurance finding: ${FINDING_LABELS[body.finding].toLowerCase()}${referred}`);
      return findingId;
    });
  }

  /** The decision maker confirms they have read the feedback on their decision. */
  async acknowledge(actor: ActorContext, id: string, version: number): Promise<void> {
    const access = await this.sampleAccess(id);
    assertAllowed(actor, 'update', resourceOf(access));
    await this.deps.db.transaction(async (tx) => {
      const entry = await this.repo.entry(id, tx);
      if (!entry?.finding) throw new ConflictError('There is no finding to acknowledge yet');
      if (!actor.viewer.userId || entry.decidedBy !== actor.viewer.userId) throw new ForbiddenError('Only the decision maker can acknowledge feedback on their decision');
      if (entry.finding.acknowledgedAt) throw new ConflictError('You have already acknowledged this feedback');
      if (!(await this.repo.acknowledge(tx, entry.finding.id, version))) throw new ConflictError();
      await this.deps.audit.recordIn(tx, {
        action: 'vetting-qa.feedback-acknowledge', actor: who(actor), subjectType: 'vetting_application', subjectId: entry.applicationId, subjectPersonId: access.personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { sampleId: id },
      });
      await this.deps.vetting.noteOnTimeline(tx, entry.applicationId, actor.viewer.label, 'Quality assurance feedback acknowledged by the decision maker');
    });
  }

  /** The force vetting manager answers a disagreement referred to them, which closes the referral. */
  async respondToReferral(actor: ActorContext, id: string, response: string, version: number): Promise<void> {
    this.assertManager(actor, 'respond to a referral');
    const access = await this.sampleAccess(id);
    assertAllowed(actor, 'decide', resourceOf(access));
    await this.deps.db.transaction(async (tx) => {
      const entry = await this.repo.entry(id, tx);
      if (entry?.finding?.action !== 'refer_to_manager') throw new ConflictError('This decision has not been referred to the force vetting manager');
      // The manager who ratified the decision still answers for it; only its maker may not.
      if (actor.viewer.userId && entry.decidedBy === actor.viewer.userId) throw new OwnDecisionError('You made this decision, so you cannot answer the referral about it: ask another senior manager');
      if (entry.finding.referralClosedAt) throw new ConflictError(`${entry.finding.referralClosedByLabel} has already responded to this referral`);
      if (!(await this.repo.closeReferral(tx, entry.finding.id, version, response, who(actor)))) throw new ConflictError();
      await this.deps.audit.recordIn(tx, {
        action: 'vetting-qa.referral-respond', actor: who(actor), subjectType: 'vetting_application', subjectId: entry.applicationId, subjectPersonId: access.personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { sampleId: id },
      });
      await this.deps.vetting.noteOnTimeline(tx, entry.applicationId, actor.viewer.label, 'Quality assurance referral answered by the force vetting manager');
    });
  }

  /** QA findings on the viewer's own decisions. */
  async feedback(actor: ActorContext, o: { page: number; pageSize: number; unacknowledgedOnly?: boolean }) {
    assertAllowed(actor, 'read', { kind: 'vetting_quality' });
    await this.deps.audit.record({ action: 'vetting-qa.feedback-list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...o } });
    return this.repo.feedbackFor(actor.viewer, { unacknowledgedOnly: o.unacknowledgedOnly ?? false, limit: o.pageSize, offset: (o.page - 1) * o.pageSize });
  }

  /** The application page's QA section (the application itself has been authorised and audited by the page). */
  async applicationSection(actor: ActorContext, applicationId: string) {
    if (!canAny(actor.viewer, 'read', 'vetting_quality')) return undefined;
    const access = await this.repo.applicationAccess(applicationId);
    if (!access || !checkAccess(actor.viewer, 'read', resourceOf(access)).allowed) return undefined;
    const [entry, found] = await Promise.all([this.repo.entryForApplication(applicationId), this.repo.decision(this.deps.db, { applicationId })]);
    const decision = found?.status === 'final' ? found : undefined;
    const current = entry && decision && entry.decisionId === decision.id ? entry : undefined;
    return {
      applicationId,
      decided: !!decision,
      entry: current,
      ownDecision: current ? ownDecisionReason(actor.viewer, current) !== undefined : false,
      canAddToSample: !!decision && !current?.selection && managesQuality(actor.viewer),
    };
  }

  /** Home cards: feedback on the viewer's own decisions; samples awaiting QA; referrals for the manager. */
  async homeSummary(actor: ActorContext) {
    const viewer = actor.viewer;
    if (!canAny(viewer, 'read', 'vetting_quality')) return undefined;
    const feedback = await this.repo.feedbackFor(viewer, { unacknowledgedOnly: true, limit: 5, offset: 0 });
    // The card names applications, so showing it is a read of those records.
    if (feedback.total) await this.deps.audit.record({ action: 'vetting-qa.feedback-list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { card: 'home', shown: feedback.entries.length } });
    const awaiting = canAny(viewer, 'decide', 'vetting_quality') ? await this.repo.awaitingFor(viewer) : undefined;
    const referrals = managesQuality(viewer) ? (await this.repo.list(viewer, { status: 'referred', limit: 1, offset: 0 })).total : undefined;
    return { feedback, awaiting, referrals };
  }

  private reportRange(q: { from?: string; to?: string }): { from: string; to: string } {
    const to = q.to ?? todayInLondon().slice(0, 7);
    const from = q.from ?? addMonths(to, -11);
    if (from > to) throw new ValidationError([{ field: 'from', message: 'The first month must be before or the same as the last month' }]);
    if (addMonths(from, MAX_REPORT_MONTHS - 1) < to) throw new ValidationError([{ field: 'from', message: `Choose at most ${MAX_REPORT_MONTHS} months` }]);
    return { from, to };
  }

  /** Sample rates, findings and learning themes by month and by decision maker, computed from the pool and findings. */
  async report(actor: ActorContext, q: { from?: string; to?: string }) {
    this.assertManager(actor, 'see quality-assurance reports');
    const range = this.reportRange(q);
    await this.deps.audit.record({ action: 'vetting-qa.report-view', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: range });
    return this.buildReport(range);
  }

  private async buildReport(range: { from: string; to: string }) {
    const entries = await this.repo.reportEntries(`${range.from}-01`, `${addMonths(range.to, 1)}-01`);
    const months = byMonth(entries, range.from, range.to);
    const decisionMakers = byDecisionMaker(entries);
    return { ...range, months, decisionMakers, themes: themesUsed(months) };
  }

  /** The report as CSV, by month or by decision maker; exporting is audited as such. */
  async reportCsv(actor: ActorContext, q: { from?: string; to?: string }, by: 'month' | 'decision-maker'): Promise<{ filename: string; csv: string }> {
    this.assertManager(actor, 'export quality-assurance reports');
    assertAllowed(actor, 'export', { kind: 'vetting_quality' });
    const range = this.reportRange(q);
    await this.deps.audit.record({ action: 'vetting-qa.report-export', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...range, by } });
    const report = await this.buildReport(range);
    const csv = by === 'month' ? reportCsv('Month', report.months) : reportCsv('Decision maker', report.decisionMakers);
    return { filename: `vetting-qa-${by}-${range.from}-to-${range.to}.csv`, csv };
  }

  /** The settings with the version of each, for an edit form. */
  async settingsForEdit(actor: ActorContext) {
    this.assertManager(actor, 'change quality-assurance settings');
    await this.deps.audit.record({ action: 'vetting-qa-settings.view', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip });
    const [values, ...versions] = await Promise.all([this.settings(), ...SETTING_KEYS.map((k) => this.deps.settings.version(QA_SETTINGS[k]))]);
    return { ...values, versions: Object.fromEntries(SETTING_KEYS.map((k, i) => [k, versions[i]!])) as Record<SettingKey, number> };
  }

  /**
   * Saves the settings that changed, each against the version the editor saw (409 if someone changed it first).
   * A new share applies to decisions from now on: each pooled decision keeps the share it was sampled against.
   */
  async updateSettings(actor: ActorContext, body: QaSettingsBody): Promise<Record<SettingKey, number>> {
    this.assertManager(actor, 'change quality-assurance settings');
    return this.deps.db.transaction(async (tx) => {
      const current = await this.settings(tx);
      const versions = {} as Record<SettingKey, number>;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of SETTING_KEYS) {
        const next = key === 'learningThemes' ? body.learningThemes.map((t) => t.trim()) : body[key];
        // An unchanged value is not written, so a stale form cannot undo someone else's change to it.
        if (JSON.stringify(next) === JSON.stringify(current[key])) {
          versions[key] = await this.deps.settings.version(QA_SETTINGS[key], tx);
          continue;
        }
        versions[key] = await this.deps.settings.put(tx, QA_SETTINGS[key], next, actor.viewer.userId, body.versions[key]);
        changes[key] = { from: current[key], to: next };
      }
      await this.deps.audit.recordIn(tx, { action: 'vetting-qa-settings.update', actor: who(actor), subjectType: 'settings', subjectId: 'vetting.qa', correlationId: actor.correlationId, ip: actor.ip, details: { changes } });
      return versions;
    });
  }
}
