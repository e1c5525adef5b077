import { authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { canAny, checkAccess, type Decision, type Viewer } from '../../../platform/access/policy.js';
import type { Queryable } from '../../../platform/db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../platform/http/errors.js';
import { z } from '../../../platform/openapi/registry.js';
import type { VettingFeatureDeps } from '../features.js';
import { VETTING_EVENTS } from '../service.js';
import {
  ASKED_KEYS, CHARACTERISTICS, CHARACTERISTIC_KEYS, DEFAULT_REFERENCE_GROUPS, ageBand, answersFromDirectory, canBeReference, type AskedKey, type CharacteristicKey, type EqualityFormBody,
} from './characteristics.js';
import { EqualityRepository, disproportionalityOverview, disproportionalityReport, type ApplicationFacts, type MonitoringStatus } from './data.js';
import { DEFAULT_SUPPRESS_BELOW, presentReport, reportCsv, type DisplayReport } from './presenters.js';
import type { AppealsDenominator, ReportFilters, ReportOptions } from './report.js';

/** Settings the domain reference leaves to each force (it is silent on equality monitoring of vetting). */
export const DISPROPORTIONALITY_SETTINGS = {
  /** Counts below this are shown as "<N" in pages, the API and the CSV (0 shows everything). */
  suppressBelow: 'vetting.disproportionality.suppressBelow',
  /** The conventional reference group per characteristic, e.g. {"ethnicity": "White"}; others use the largest group. */
  referenceGroups: 'vetting.disproportionality.referenceGroups',
  /** Appeal upheld: "all_decided" counts appeals refused as not meeting the criteria; "considered_on_merits" does not. */
  appealsDenominator: 'vetting.disproportionality.appealsDenominator',
} as const;
const SuppressBelowSchema = z.number().int().min(0).max(100);
const ReferenceGroupsSchema = z.partialRecord(z.enum(CHARACTERISTIC_KEYS as [CharacteristicKey, ...CharacteristicKey[]]), z.string().min(1));
const AppealsDenominatorSchema = z.enum(['all_decided', 'considered_on_merits']);
type SettingKey = keyof typeof DISPROPORTIONALITY_SETTINGS;
const SETTING_KEYS = Object.keys(DISPROPORTIONALITY_SETTINGS) as SettingKey[];

/** The settings form: values, and the version of each setting the editor saw (0 for one never set). */
export const ReportSettingsSchema = z.object({
  suppressBelow: z.coerce.number({ error: 'Enter a whole number from 0 to 100' }).int('Enter a whole number from 0 to 100').min(0, 'Enter a whole number from 0 to 100').max(100, 'Enter a whole number from 0 to 100'),
  referenceGroups: ReferenceGroupsSchema.superRefine((groups, ctx) => {
    for (const [key, group] of Object.entries(groups) as [CharacteristicKey, string][]) {
      if (!canBeReference(key, group)) ctx.addIssue({ code: 'custom', path: [key], message: `Choose one of the ${CHARACTERISTICS[key].label.toLowerCase()} categories` });
    }
  }),
  appealsDenominator: AppealsDenominatorSchema,
  versions: z.object({ suppressBelow: z.coerce.number().int().min(0), referenceGroups: z.coerce.number().int().min(0), appealsDenominator: z.coerce.number().int().min(0) }),
});
export type ReportSettingsBody = z.infer<typeof ReportSettingsSchema>;

/** Who sets the report's rules: the force vetting manager (reads cases and exports aggregates), not scrutiny bodies. */
export const managesReport = (viewer: Viewer) => canAny(viewer, 'export', 'aggregate_report') && canAny(viewer, 'decide', 'vetting_case');

/** Published by the core vetting service when an application is created or a review opens: { applicationId, personId }. */
export const APPLICATION_CREATED = VETTING_EVENTS.applicationCreated;

export interface ReportSettings {
  suppressBelow: number;
  referenceGroups: Partial<Record<CharacteristicKey, string>>;
  appealsDenominator: AppealsDenominator;
}

const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
/** JSON with an object's keys in order, so that the same reference groups compare equal however they were stored. */
const canonical = (value: unknown) => JSON.stringify(value, value && typeof value === 'object' ? Object.keys(value).sort() : undefined);
const AGGREGATE = { kind: 'aggregate_report' as const };

export class DisproportionalityService {
  readonly repo: EqualityRepository;

  constructor(private readonly deps: VettingFeatureDeps) {
    this.repo = new EqualityRepository(deps.db);
  }

  /** One after another: inside a transaction they share one connection. */
  async settings(q?: Queryable): Promise<ReportSettings> {
    const { settings } = this.deps;
    const suppressBelow = await settings.get(DISPROPORTIONALITY_SETTINGS.suppressBelow, SuppressBelowSchema, DEFAULT_SUPPRESS_BELOW, q);
    const referenceGroups = await settings.get(DISPROPORTIONALITY_SETTINGS.referenceGroups, ReferenceGroupsSchema, DEFAULT_REFERENCE_GROUPS, q);
    const appealsDenominator = await settings.get(DISPROPORTIONALITY_SETTINGS.appealsDenominator, AppealsDenominatorSchema, 'all_decided' as const, q);
    return { suppressBelow, referenceGroups, appealsDenominator };
  }

  /** The settings and the version of each, for the edit form. */
  async settingsForEdit(actor: ActorContext): Promise<ReportSettings & { versions: Record<SettingKey, number> }> {
    if (!managesReport(actor.viewer)) throw new ForbiddenError();
    await this.deps.audit.record({ action: 'vetting-disproportionality-settings.view', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip });
    const [values, ...versions] = await Promise.all([this.settings(), ...SETTING_KEYS.map((k) => this.deps.settings.version(DISPROPORTIONALITY_SETTINGS[k]))]);
    return { ...values, versions: Object.fromEntries(SETTING_KEYS.map((k, i) => [k, versions[i]!])) as Record<SettingKey, number> };
  }

  /** Saves the settings that changed, each against the version the editor saw (409 if someone changed it first). */
  async updateSettings(actor: ActorContext, body: ReportSettingsBody): Promise<void> {
    if (!managesReport(actor.viewer)) throw new ForbiddenError();
    await this.deps.db.transaction(async (tx) => {
      const current = await this.settings(tx);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of SETTING_KEYS) {
        // An unchanged value is not written, so a stale form cannot undo someone else's change to it.
        if (canonical(body[key]) === canonical(current[key])) continue;
        await this.deps.settings.put(tx, DISPROPORTIONALITY_SETTINGS[key], body[key], actor.viewer.userId, body.versions[key]);
        changes[key] = { from: current[key], to: body[key] };
      }
      await this.deps.audit.recordIn(tx, {
        action: 'vetting-disproportionality-settings.update', actor: who(actor), subjectType: 'settings', subjectId: 'vetting.disproportionality', correlationId: actor.correlationId, ip: actor.ip, details: { changes },
      });
    });
  }

  // ---- the report (aggregates only) -------------------------------------------------------------------------

  /** The report for one characteristic as people may see it (suppressed), after authorising and auditing the read. */
  async report(actor: ActorContext, query: Omit<ReportOptions, 'referenceGroups' | 'appealsDenominator'>, action: 'read' | 'export' = 'read'): Promise<DisplayReport> {
    await authoriseRead(this.deps.audit, actor, action, AGGREGATE, {
      event: action === 'export' ? 'vetting-disproportionality.export' : 'vetting-disproportionality.view', subjectType: 'aggregate_report', subjectId: 'vetting-disproportionality', details: { ...query },
    });
    const s = await this.settings();
    const report = await disproportionalityReport(this.deps.db, { ...query, referenceGroups: s.referenceGroups, appealsDenominator: s.appealsDenominator });
    return presentReport(report, s.suppressBelow);
  }

  async csv(actor: ActorContext, query: Omit<ReportOptions, 'referenceGroups' | 'appealsDenominator'>): Promise<string> {
    return reportCsv(await this.report(actor, query, 'export'));
  }

  /** Every characteristic against its configured or largest reference group: which groups are flagged. */
  async overview(actor: ActorContext, filters: Omit<ReportFilters, 'appealsDenominator'>): Promise<DisplayReport[]> {
    await authoriseRead(this.deps.audit, actor, 'read', AGGREGATE, {
      event: 'vetting-disproportionality.overview', subjectType: 'aggregate_report', subjectId: 'vetting-disproportionality', details: { ...filters },
    });
    const s = await this.settings();
    const reports = await disproportionalityOverview(this.deps.db, { ...filters, appealsDenominator: s.appealsDenominator }, s.referenceGroups);
    return reports.map((r) => presentReport(r, s.suppressBelow));
  }

  // ---- equality monitoring (written, never shown) -----------------------------------------------------------

  /**
   * When an application is created: the age band from the application, and for someone in the workforce directory
   * a copy of the protected characteristics HR holds. Runs inside the event's delivery transaction.
   */
  async onApplicationCreated(payload: { applicationId?: string }, tx: Queryable): Promise<void> {
    if (!payload.applicationId) return;
    const application = await this.repo.application(payload.applicationId, tx);
    if (!application) return;
    // The application's own person, not the payload's: the row is the authority.
    const held = application.personId ? await this.deps.people.equalityData(application.personId, tx) : undefined;
    const answers = held ? answersFromDirectory(held) : null;
    await this.repo.copyFromWorkforce(tx, application, ageBand(application.dateOfBirth, application.receivedOn), answers);
    await this.deps.audit.recordIn(tx, {
      action: 'vetting-equality.copy', actor: { userId: null, label: 'system' }, subjectType: 'vetting_application', subjectId: application.id, subjectPersonId: application.personId,
      details: { copiedFromWorkforce: answers !== null, answered: answers ? ASKED_KEYS.filter((k) => answers[k] !== null) : [] },
    });
  }

  private async applicationOr404(id: string, q?: Queryable): Promise<ApplicationFacts> {
    const application = await this.repo.application(id, q);
    if (!application) throw new NotFoundError('There is no vetting application with that reference');
    return application;
  }

  /**
   * Who may record equality monitoring: those granted update on protected characteristics, never on an application
   * about themselves, and not when excluded from or not sealed into the application.
   */
  private access(actor: ActorContext, application: ApplicationFacts): Decision {
    const { viewer } = actor;
    if (viewer.personId && application.subjectPersonIds.includes(viewer.personId)) return { allowed: false, reason: 'subject' };
    return checkAccess(viewer, 'update', { kind: 'protected_characteristics', excludedUserIds: application.excludedUserIds, sealedToUserIds: application.sealedToUserIds });
  }

  private refuse(decision: Decision): void {
    if (decision.allowed) return;
    throw decision.reason === 'role' || decision.reason === 'scope' ? new ForbiddenError() : new NotFoundError();
  }

  /** Which questions are answered for an application, never the answers: for the form and the application page. */
  async status(actor: ActorContext, applicationId: string): Promise<{ reference: string; status: MonitoringStatus }> {
    const application = await this.applicationOr404(applicationId);
    const decision = this.access(actor, application);
    await this.deps.audit.record({
      action: 'vetting-equality.view', actor: who(actor), outcome: decision.allowed ? 'ok' : 'denied', subjectType: 'vetting_application', subjectId: application.id,
      subjectPersonId: application.personId, correlationId: actor.correlationId, ip: actor.ip, details: decision.allowed ? undefined : { reason: decision.reason },
    });
    this.refuse(decision);
    return { reference: application.reference, status: await this.repo.status(application.id) };
  }

  /** Records the form's answers; a stale form (someone recorded since it was opened) gets 409 and changes nothing. */
  async record(actor: ActorContext, applicationId: string, body: EqualityFormBody): Promise<MonitoringStatus> {
    const application = await this.applicationOr404(applicationId);
    this.refuse(this.access(actor, application));
    const answers: Partial<Record<AskedKey, string>> = {};
    for (const k of ASKED_KEYS) if (body[k]) answers[k] = body[k];
    return this.deps.db.transaction(async (tx) => {
      const saved = await this.repo.recordForm(tx, application, ageBand(application.dateOfBirth, application.receivedOn), answers, body.version, actor.viewer.userId);
      if (!saved) throw new ConflictError('Someone else recorded equality monitoring for this application after you opened the form. Nothing you entered has been saved: open the form again.');
      await this.deps.audit.recordIn(tx, {
        action: 'vetting-equality.record', actor: who(actor), subjectType: 'vetting_application', subjectId: application.id, subjectPersonId: application.personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { answered: Object.keys(answers) },
      });
      await this.deps.vetting.noteOnTimeline(tx, application.id, actor.viewer.label, 'Equality monitoring form recorded');
      return this.repo.status(application.id, tx);
    });
  }

  /** Finds an application by its reference for those who record monitoring forms (HR cannot list applications). */
  async applicationIdFor(actor: ActorContext, reference: string): Promise<string> {
    if (!canAny(actor.viewer, 'update', 'protected_characteristics')) throw new ForbiddenError();
    const id = await this.repo.applicationIdByReference(reference.trim().toUpperCase());
    if (!id) throw new NotFoundError();
    const application = await this.applicationOr404(id);
    const decision = this.access(actor, application);
    if (!decision.allowed) throw new NotFoundError();
    return id;
  }
}
