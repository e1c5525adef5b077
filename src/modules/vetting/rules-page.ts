import { Router } from 'express';
import { actorFrom, assertAllowed, type ActorContext } from '../../platform/access/guard.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db } from '../../platform/db/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { presentFormErrors } from '../../platform/http/form-errors.js';
import { apiRoute } from '../../platform/http/api-route.js';
import { z, type OpenAPIRegistry } from '../../platform/openapi/registry.js';
import type { SettingDefinition, SettingsStore } from '../../platform/settings.js';

/**
 * The vetting rules the force sets where the domain reference is silent or unsure: each shown with its current value
 * (or the default), editable as JSON by the force vetting manager, checked against its schema, versioned and audited.
 * Quality assurance and disproportionality settings have their own pages (linked from here).
 */
export class VettingRules {
  constructor(private readonly db: Db, private readonly settings: SettingsStore, private readonly audit: AuditLog, private readonly definitions: SettingDefinition[]) {}

  async list(actor: ActorContext) {
    assertAllowed(actor, 'read', { kind: 'vetting_rules' });
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
    assertAllowed(actor, 'update', { kind: 'vetting_rules' });
    const definition = this.definitions.find((d) => d.key === key);
    if (!definition) throw new NotFoundError('There is no such vetting rule');
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
      await this.audit.recordIn(tx, { action: 'vetting-rules.update', actor: { userId: actor.viewer.userId, label: actor.viewer.label }, subjectType: 'setting', subjectId: key, correlationId: actor.correlationId, ip: actor.ip, details: { value: parsed.data } });
    });
  }
}

const RuleUpdate = z.object({ value: z.string().max(20_000), version: z.coerce.number().int().min(0) }).openapi('VettingRuleUpdate');

export function vettingRulesRoutes(rules: VettingRules): Router {
  const router = Router();
  const page = async (res: Parameters<Parameters<Router['get']>[1]>[1], status = 200, extra: Record<string, unknown> = {}) => {
    res.status(status).render('vetting/views/rules.njk', { pageTitle: 'Vetting rules', rules: await rules.list(actorFrom(res)), values: {}, ...extra });
  };
  router.get('/vetting/rules', async (_req, res) => page(res));
  router.post('/vetting/rules/:key', async (req, res) => {
    const key = String(req.params.key);
    const body = RuleUpdate.safeParse(req.body);
    try {
      if (!body.success) throw new ValidationError([{ field: 'value', message: 'Write the value as JSON' }]);
      await rules.update(actorFrom(res), key, body.data.value, body.data.version);
      req.session.flash = { type: 'success', text: 'Rule saved' };
      res.redirect('/vetting/rules');
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      const details = err instanceof ValidationError ? err.details : [{ field: 'value', message: err.message }];
      await page(res, err.status, { errors: presentFormErrors(details.map((d) => ({ ...d, field: `value-${key}` }))), values: { [key]: req.body.value } });
    }
  });
  return router;
}

export function vettingRulesApi(rules: VettingRules) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/rules', tag: 'Vetting', summary: 'The vetting rules the force sets, each with its current value (JSON text), whether it is the default, and its version',
      response: z.array(z.object({ key: z.string(), label: z.string(), hint: z.string(), value: z.string(), isDefault: z.boolean(), invalidStored: z.boolean(), version: z.number(), updatedAt: z.unknown() })),
    }, async ({ res }) => rules.list(actorFrom(res)));
    apiRoute(router, registry, {
      method: 'put', path: '/v1/vetting/rules/:key', tag: 'Vetting', summary: 'Change a vetting rule (force vetting manager): the value as JSON text, and the version you read (0 if never set)',
      params: z.object({ key: z.string() }), body: RuleUpdate, response: z.object({ ok: z.literal(true) }), errors: [404, 409],
    }, async ({ params, body, res }) => (await rules.update(actorFrom(res), params.key, body.value, body.version), { ok: true as const }));
    return router;
  };
}
