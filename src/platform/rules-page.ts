import { Router } from 'express';
import { actorFrom, assertAllowed, type ActorContext } from './access/guard.js';
import type { AuditLog } from './audit/audit-log.js';
import type { Db } from './db/types.js';
import { ConflictError, NotFoundError, ValidationError } from './http/errors.js';
import { presentFormErrors } from './http/form-errors.js';
import { apiRoute } from './http/api-route.js';
import { z, type OpenAPIRegistry } from './openapi/registry.js';
import type { SettingDefinition, SettingsStore } from './settings.js';
import type { ResourceKindName } from './access/policy.js';

/** Where a module's rules page lives and who may use it. */
export interface RulesPageSpec {
  /** Access kind whose read grant shows the page and whose update grant changes a rule. */
  kind: ResourceKindName;
  /** e.g. /vetting/rules; the API is /v1<path>. */
  path: string;
  title: string;
  /** Audit action prefix, e.g. vetting-rules. */
  auditAction: string;
  /** Other settings pages worth linking from this one. */
  links?: { text: string; href: string }[];
  definitions: SettingDefinition[];
}

/**
 * A module's rules the force sets where the domain reference is silent or unsure: each shown with its current value
 * (or the default), editable as JSON by whoever holds update on the page's access kind, checked against its schema,
 * versioned and audited.
 */
export class RulesPage {
  private readonly definitions: SettingDefinition[];
  constructor(private readonly db: Db, private readonly settings: SettingsStore, private readonly audit: AuditLog, readonly spec: RulesPageSpec) {
    this.definitions = spec.definitions;
  }

  async list(actor: ActorContext) {
    assertAllowed(actor, 'read', { kind: this.spec.kind });
    const rows = await this.db.query<{ key: string; value: unknown; version: number; updatedAt: string }>(
      `select key, value, version, updated_at as "updatedAt" from settings where key = any($1::text[])`, [this.definitions.map((d) => d.key)],
    );
    const stored = new Map(rows.map((r) => [r.key, r]));
    return this.definitions.map((d) => {
      const row = stored.get(d.key);
      const valid = row ? d.schema.safeParse(row.value).success : true;
      return { key: d.key, label: d.label, hint: d.hint, value: JSON.stringify(row && valid ? row.value : d.fallback, null, 2), isDefault: !row, invalidStored: !valid, version: row?.version ?? 0, updatedAt: row?.updatedAt ?? null };
    });
  }

  async update(actor: ActorContext, key: string, raw: string, version: number): Promise<void> {
    assertAllowed(actor, 'update', { kind: this.spec.kind });
    const definition = this.definitions.find((d) => d.key === key);
    if (!definition) throw new NotFoundError('There is no such rule');
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValidationError([{ field: 'value', message: `${definition.label}: write the value as JSON (${definition.hint})` }]);
    }
    const parsed = definition.schema.safeParse(value);
    if (!parsed.success) throw new ValidationError([{ field: 'value', message: `${definition.label}: ${parsed.error.issues[0]?.message ?? 'not a valid value'} (${definition.hint})` }]);
    await this.db.transaction(async (tx) => {
      await this.settings.put(tx, key, parsed.data, actor.viewer.userId, version);
      await this.audit.recordIn(tx, { action: `${this.spec.auditAction}.update`, actor: { userId: actor.viewer.userId, label: actor.viewer.label }, subjectType: 'setting', subjectId: key, correlationId: actor.correlationId, ip: actor.ip, details: { value: parsed.data } });
    });
  }
}

const RuleUpdate = z.object({ value: z.string().max(20_000), version: z.coerce.number().int().min(0) }).openapi('RuleUpdate');

export function rulesRoutes(rules: RulesPage): Router {
  const router = Router();
  const { path, title, links } = rules.spec;
  const page = async (res: Parameters<Parameters<Router['get']>[1]>[1], status = 200, extra: Record<string, unknown> = {}) => {
    res.status(status).render('rules.njk', { pageTitle: title, title, path, links: links ?? [], rules: await rules.list(actorFrom(res)), values: {}, ...extra });
  };
  router.get(path, async (_req, res) => page(res));
  router.post(`${path}/:key`, async (req, res) => {
    const key = String(req.params.key);
    const body = RuleUpdate.safeParse(req.body);
    try {
      if (!body.success) throw new ValidationError([{ field: 'value', message: 'Write the value as JSON' }]);
      await rules.update(actorFrom(res), key, body.data.value, body.data.version);
      req.session.flash = { type: 'success', text: 'Rule saved' };
      res.redirect(path);
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      const details = err instanceof ValidationError ? err.details : [{ field: 'value', message: err.message }];
      await page(res, err.status, { errors: presentFormErrors(details.map((d) => ({ ...d, field: `value-${key}` }))), values: { [key]: req.body.value } });
    }
  });
  return router;
}

export function rulesApi(rules: RulesPage, tag: string) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'get', path: `/v1${rules.spec.path}`, tag, summary: `${rules.spec.title}: each rule the force sets, with its current value (JSON text), whether it is the default, and its version`,
      response: z.array(z.object({ key: z.string(), label: z.string(), hint: z.string(), value: z.string(), isDefault: z.boolean(), invalidStored: z.boolean(), version: z.number(), updatedAt: z.unknown() })),
    }, async ({ res }) => rules.list(actorFrom(res)));
    apiRoute(router, registry, {
      method: 'put', path: `/v1${rules.spec.path}/:key`, tag, summary: `Change one of the ${rules.spec.title.toLowerCase()}: the value as JSON text, and the version you read (0 if never set)`,
      params: z.object({ key: z.string() }), body: RuleUpdate, response: z.object({ ok: z.literal(true) }), errors: [404, 409],
    }, async ({ params, body, res }) => (await rules.update(actorFrom(res), params.key, body.value, body.version), { ok: true as const }));
    return router;
  };
}
