import { assertAllowed, authoriseRead, type ActorContext } from '../../../platform/access/guard.js';
import { viewerScope } from '../../../platform/access/policy.js';
import type { Queryable } from '../../../platform/db/types.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { z } from '../../../platform/openapi/registry.js';
import type { ForceVettingLevel } from '../../../platform/reference.js';
import type { VettingFeatureDeps } from '../features.js';
import { CIRCUMSTANCE_KIND_LABELS, type AssessmentSchema, type CircumstanceKind, type DeclarationSchema, type OutcomeSchema } from './declarations-schema.js';
import { openApplicationFor } from './expiry.js';

/** What the declarant sees of their own declaration. */
export interface OwnDeclaration { id: string; reference: string; kind: string; occurredOn: string | null; details: string; declaredAt: string; status: string }

/** What the vetting unit sees: the declaration, its risk assessment and its outcome. */
export interface Declaration extends OwnDeclaration {
  personId: string; declarant: string; payrollNumber: string | null;
  riskLevel: string | null; riskRationale: string | null; assessedByLabel: string | null; assessedAt: string | null;
  outcome: string | null; outcomeNote: string | null; reviewApplicationId: string | null; decidedByLabel: string | null; decidedAt: string | null;
  version: number;
}

export const DECLARATION_EVENTS = { declared: 'vetting.circumstances.declared' } as const;

const OWN_COLUMNS = `d.id, d.reference, d.kind, d.occurred_on as "occurredOn", d.details, d.declared_at as "declaredAt", d.status`;
const FULL_COLUMNS = `${OWN_COLUMNS}, d.person_id as "personId", d.declarant_forenames || ' ' || d.declarant_surname as declarant, p.payroll_number as "payrollNumber",
  d.risk_level as "riskLevel", d.risk_rationale as "riskRationale", d.assessed_by_label as "assessedByLabel", d.assessed_at as "assessedAt",
  d.outcome, d.outcome_note as "outcomeNote", d.review_application_id as "reviewApplicationId", d.decided_by_label as "decidedByLabel", d.decided_at as "decidedAt", d.version`;

const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
const resource = (personId: string) => ({ kind: 'circumstance_declaration' as const, subjectPersonIds: [personId] });

/**
 * Change-of-circumstances declarations: staff declare through self-service; the vetting unit risk-assesses each one
 * (researchers and above) and records its outcome (senior advisers and the manager decide), opening a review when
 * needed. The declarant sees what they declared and where it is, never the assessment or the outcome; nobody in the
 * vetting unit handles their own declaration.
 */
export class DeclarationService {
  constructor(private readonly deps: VettingFeatureDeps) {}

  /** Refuses, with a reason the user can act on, anyone who cannot declare (before the form is shown). */
  assertCanDeclare(actor: ActorContext): string {
    const personId = ownPerson(actor);
    assertAllowed(actor, 'create', resource(personId));
    return personId;
  }

  async declare(actor: ActorContext, input: z.infer<typeof DeclarationSchema>): Promise<{ id: string; reference: string }> {
    const personId = this.assertCanDeclare(actor);
    const created = await this.deps.db.transaction(async (tx) => {
      const person = await this.deps.people.personBasics(personId, tx);
      if (!person) throw new ForbiddenError('Your account is linked to a person who is not in the workforce directory. Contact the vetting unit directly.');
      const [row] = await tx.query<{ id: string; reference: string }>(
        `insert into vetting_circumstance_declarations (reference, person_id, declarant_forenames, declarant_surname, declared_by, kind, occurred_on, details)
         values ('COC-' || to_char(current_date, 'YYYY') || '-' || lpad(nextval('vetting_declaration_reference_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7)
         returning id, reference`,
        [personId, person.forenames, person.surname, actor.viewer.userId, input.kind, input.occurredOn ?? null, input.details],
      );
      await this.deps.audit.recordIn(tx, {
        action: 'circumstance-declaration.create', actor: who(actor), subjectType: 'circumstance_declaration', subjectId: row!.id, subjectPersonId: personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { kind: input.kind },
      });
      await this.deps.bus.publish(tx, { type: DECLARATION_EVENTS.declared, payload: { declarationId: row!.id, personId, kind: input.kind }, correlationId: actor.correlationId });
      return row!;
    });
    void this.deps.bus.dispatch();
    return created;
  }

  /** The declarant's own declarations, newest first. */
  async mine(actor: ActorContext): Promise<OwnDeclaration[]> {
    const personId = ownPerson(actor);
    await authoriseRead(this.deps.audit, actor, 'read', resource(personId), { event: 'circumstance-declaration.list-own', subjectType: 'person', subjectId: personId, subjectPersonId: personId });
    return this.deps.db.query<OwnDeclaration>(`select ${OWN_COLUMNS} from vetting_circumstance_declarations d where d.person_id = $1 order by d.declared_at desc`, [personId]);
  }

  /** One of the declarant's own declarations; anyone else's is "not found" here. */
  async own(actor: ActorContext, id: string): Promise<OwnDeclaration> {
    const personId = ownPerson(actor);
    const owner = await this.ownerOf(id);
    if (owner !== personId) throw new NotFoundError('You have no declaration with that reference');
    await authoriseRead(this.deps.audit, actor, 'read', resource(personId), { event: 'circumstance-declaration.view-own', subjectType: 'circumstance_declaration', subjectId: id, subjectPersonId: personId });
    const [d] = await this.deps.db.query<OwnDeclaration>(`select ${OWN_COLUMNS} from vetting_circumstance_declarations d where d.id = $1`, [id]);
    return d!;
  }

  /** The vetting unit's work list (everyone's but the viewer's own), oldest first within a status. */
  async workList(actor: ActorContext, o: { status?: string; page: number; pageSize: number }): Promise<{ declarations: Declaration[]; total: number }> {
    this.assertUnit(actor);
    await this.deps.audit.record({ action: 'circumstance-declaration.list', actor: who(actor), correlationId: actor.correlationId, ip: actor.ip, details: { ...o } });
    const params: unknown[] = [actor.viewer.personId];
    const where = ['d.person_id is distinct from $1::uuid'];
    if (o.status) {
      params.push(o.status);
      where.push(`d.status = $${params.length}`);
    }
    params.push(o.pageSize, (o.page - 1) * o.pageSize);
    const rows = await this.deps.db.query<Declaration & { total: number }>(
      `select ${FULL_COLUMNS}, count(*) over ()::int as total from vetting_circumstance_declarations d left join vetting_postholders p on p.person_id = d.person_id
       where ${where.join(' and ')} order by d.declared_at, d.reference limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    return { declarations: rows.map(({ total: _t, ...d }) => d), total: rows[0]?.total ?? 0 };
  }

  /** Counts for home cards: declarations waiting for a risk assessment, and assessed ones waiting for an outcome. */
  async waiting(actor: ActorContext): Promise<{ awaitingAssessment: number; awaitingOutcome: number }> {
    if (viewerScope(actor.viewer, 'circumstance_declaration', 'read') !== 'all') return { awaitingAssessment: 0, awaitingOutcome: 0 };
    const [r] = await this.deps.db.query<{ awaitingAssessment: number; awaitingOutcome: number }>(
      `select count(*) filter (where status = 'received')::int as "awaitingAssessment", count(*) filter (where status = 'assessed')::int as "awaitingOutcome"
       from vetting_circumstance_declarations where status <> 'closed' and person_id is distinct from $1::uuid`,
      [actor.viewer.personId],
    );
    return r ?? { awaitingAssessment: 0, awaitingOutcome: 0 };
  }

  async view(actor: ActorContext, id: string): Promise<Declaration> {
    const personId = await this.ownerOf(id);
    if (!personId) throw new NotFoundError('There is no declaration with that reference');
    // Need-to-know: the vetting unit's view holds the risk assessment, which its subject never sees.
    const refusal = personId === actor.viewer.personId ? 'subject' : viewerScope(actor.viewer, 'circumstance_declaration', 'read') !== 'all' ? 'role' : undefined;
    if (refusal) {
      await this.deps.audit.record({ action: 'circumstance-declaration.view', actor: who(actor), outcome: 'denied', subjectType: 'circumstance_declaration', subjectId: id, subjectPersonId: personId, correlationId: actor.correlationId, ip: actor.ip, details: { reason: refusal } });
      throw refusal === 'subject' ? new NotFoundError() : new ForbiddenError();
    }
    await authoriseRead(this.deps.audit, actor, 'read', resource(personId), { event: 'circumstance-declaration.view', subjectType: 'circumstance_declaration', subjectId: id, subjectPersonId: personId });
    return (await this.full(this.deps.db, id))!;
  }

  /** Records (or revises, until the outcome is recorded) the risk assessment. */
  async assess(actor: ActorContext, id: string, input: z.infer<typeof AssessmentSchema>): Promise<void> {
    await this.write(actor, id, 'update', async (tx, d) => {
      if (d.status === 'closed') throw new ConflictError('The outcome of this declaration has been recorded: its risk assessment can no longer change');
      await this.save(tx, id, input.version,
        `status = 'assessed', risk_level = $3, risk_rationale = $4, assessed_by = $5, assessed_by_label = $6, assessed_at = now()`,
        [input.riskLevel, input.rationale, actor.viewer.userId, actor.viewer.label]);
      await this.deps.audit.recordIn(tx, {
        action: 'circumstance-declaration.assess', actor: who(actor), subjectType: 'circumstance_declaration', subjectId: id, subjectPersonId: d.personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { riskLevel: input.riskLevel, revised: d.status === 'assessed' },
      });
    });
  }

  /** Records the outcome; "review opened" opens a vetting review (or joins the application already open). */
  async decide(actor: ActorContext, id: string, input: z.infer<typeof OutcomeSchema>): Promise<{ reviewApplicationId: string | null }> {
    return this.write(actor, id, 'decide', async (tx, d) => {
      if (d.status === 'received') throw new ValidationError([{ field: 'outcome', message: 'Record the risk assessment before the outcome' }]);
      if (d.status === 'closed') throw new ConflictError('The outcome of this declaration has already been recorded');
      let reviewApplicationId: string | null = null;
      if (input.outcome === 'review_opened') reviewApplicationId = await this.openReviewFor(tx, d, actor.viewer.label);
      await this.save(tx, id, input.version,
        `status = 'closed', outcome = $3, outcome_note = $4, review_application_id = $5, decided_by = $6, decided_by_label = $7, decided_at = now()`,
        [input.outcome, input.note, reviewApplicationId, actor.viewer.userId, actor.viewer.label]);
      await this.deps.audit.recordIn(tx, {
        action: 'circumstance-declaration.decide', actor: who(actor), subjectType: 'circumstance_declaration', subjectId: id, subjectPersonId: d.personId,
        correlationId: actor.correlationId, ip: actor.ip, details: { outcome: input.outcome, reviewApplicationId },
      });
      return { reviewApplicationId };
    });
  }

  private async openReviewFor(tx: Queryable, d: Declaration, actorLabel: string): Promise<string> {
    const [held] = await tx.query<{ level: string }>('select level from vetting_current_clearance where person_id = $1 and (expires_on is null or expires_on >= current_date)', [d.personId]);
    const [post] = await tx.query<{ level: string | null }>('select required_level as level from vetting_postholders where person_id = $1', [d.personId]);
    const level = (held?.level ?? post?.level ?? 'RV') as ForceVettingLevel;
    const reason = `Change of circumstances declared (${d.reference}): ${CIRCUMSTANCE_KIND_LABELS[d.kind as CircumstanceKind]?.text.toLowerCase() ?? d.kind}`;
    const opened = await this.deps.vetting.openReview(d.personId, reason, 'review', level, tx);
    // openReview refuses a second open application: the declaration is then considered in the one already open.
    const applicationId = opened ?? (await openApplicationFor(tx, d.personId));
    if (!applicationId) throw new ValidationError([{ field: 'outcome', message: 'A review cannot be opened: this person is no longer in the workforce directory' }]);
    await this.deps.vetting.noteOnTimeline(tx, applicationId, actorLabel, opened ? `Review opened from change-of-circumstances declaration ${d.reference}` : `Change-of-circumstances declaration ${d.reference} added to this application`);
    return applicationId;
  }

  private async write<T>(actor: ActorContext, id: string, action: 'update' | 'decide', fn: (tx: Queryable, d: Declaration) => Promise<T>): Promise<T> {
    const personId = await this.ownerOf(id);
    if (!personId || personId === actor.viewer.personId) throw new NotFoundError('There is no declaration with that reference');
    assertAllowed(actor, action, resource(personId));
    if (viewerScope(actor.viewer, 'circumstance_declaration', action) !== 'all') throw new ForbiddenError();
    const result = await this.deps.db.transaction(async (tx) => {
      const d = await this.full(tx, id, true);
      return fn(tx, d!);
    });
    void this.deps.bus.dispatch();
    return result;
  }

  private async save(tx: Queryable, id: string, expectedVersion: number, set: string, values: unknown[]): Promise<void> {
    const rows = await tx.query(`update vetting_circumstance_declarations set ${set}, version = version + 1 where id = $1 and version = $2 returning id`, [id, expectedVersion, ...values]);
    if (!rows.length) throw new ConflictError();
  }

  private async full(q: Queryable, id: string, lock = false): Promise<Declaration | undefined> {
    const [d] = await q.query<Declaration>(
      `select ${FULL_COLUMNS} from vetting_circumstance_declarations d left join vetting_postholders p on p.person_id = d.person_id where d.id = $1${lock ? ' for update of d' : ''}`,
      [id],
    );
    return d;
  }

  private async ownerOf(id: string): Promise<string | undefined> {
    const [r] = await this.deps.db.query<{ personId: string }>('select person_id as "personId" from vetting_circumstance_declarations where id = $1', [id]);
    return r?.personId;
  }

  private assertUnit(actor: ActorContext): void {
    if (viewerScope(actor.viewer, 'circumstance_declaration', 'read') !== 'all') throw new ForbiddenError();
  }
}

/** The signed-in user's own person: self-service needs an account linked to the workforce directory. */
function ownPerson(actor: ActorContext): string {
  if (!actor.viewer.personId) {
    throw new ForbiddenError('Your account is not linked to your record in the workforce directory, so you cannot declare a change of circumstances here. Tell the vetting unit directly, or ask an administrator to link your account.');
  }
  return actor.viewer.personId;
}
