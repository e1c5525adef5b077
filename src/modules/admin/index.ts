import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { actorFrom, assertAllowed, authoriseRead } from '../../platform/access/guard.js';
import { canAny } from '../../platform/access/policy.js';
import { ROLES, ROLE_NAMES, isRole } from '../../platform/access/roles.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import { TOKEN_SCOPES, type ApiTokenRepository } from '../../platform/auth/api-tokens.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import type { UserRepository } from '../../platform/auth/users.js';
import type { Db } from '../../platform/db/types.js';
import { ConflictError, NotFoundError, ValidationError, fieldErrorsFromZod, type FieldError } from '../../platform/http/errors.js';
import { presentFormErrors } from '../../platform/http/form-errors.js';
import { idParam, pageParam, textParam } from '../../platform/http/params.js';
import type { ProbityModule } from '../../platform/module.js';
import { paginationFor } from '../../platform/ui/pagination.js';
import { NewUserFormSchema, TokenFormSchema, UserFormSchema } from './schema.js';

interface PeopleLookup {
  personIdByPayroll(payrollNumber: string): Promise<string | undefined>;
  payrollNumberOf(personId: string): Promise<string | undefined>;
}

const roleItems = (selected: readonly string[]) => ROLE_NAMES.map((r) => ({ value: r, text: ROLES[r].label, checked: selected.includes(r) }));
const PAGE_SIZE = 25;

/** User accounts, roles and API tokens: the system administrator's screens. */
export function adminModule(deps: { db: Db; users: UserRepository; tokens: ApiTokenRepository; audit: AuditLog; people: PeopleLookup }): ProbityModule {
  const { db, users, tokens, audit, people } = deps;
  const router = Router();

  async function personFor(payrollNumber: string | undefined, errors: FieldError[]): Promise<string | null> {
    if (!payrollNumber) return null;
    const id = await people.personIdByPayroll(payrollNumber);
    if (!id) errors.push({ field: 'payrollNumber', message: `Nobody in the workforce directory has payroll number ${payrollNumber}` });
    return id ?? null;
  }

  /** The account an administrator is changing: permission checked, and known to exist. */
  async function userToChange(req: Request, res: Response) {
    const actor = actorFrom(res);
    const id = idParam(req.params.id);
    assertAllowed(actor, 'update', { kind: 'user_account' });
    const user = await users.byId(id);
    if (!user) throw new NotFoundError();
    return { actor, id, user };
  }

  router.get('/admin/users', async (req, res) => {
    const actor = actorFrom(res);
    await authoriseRead(audit, actor, 'read', { kind: 'user_account' }, { event: 'user.list', subjectType: 'user', subjectId: '*' });
    const page = pageParam(req.query.page);
    const q = textParam(req.query.q);
    const { users: list, total } = await users.list({ search: q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    res.render('admin/views/users.njk', { pageTitle: 'Users and roles', q, users: list.map((u) => ({ ...u, roleLabels: u.roles.map((r) => ROLES[r].label) })), total, pagination: paginationFor('/admin/users', { q }, page, PAGE_SIZE, total), canCreate: canAny(actor.viewer, 'create', 'user_account') });
  });

  router.get('/admin/users/new', (_req, res) => {
    assertAllowed(actorFrom(res), 'create', { kind: 'user_account' });
    res.render('admin/views/user-new.njk', { pageTitle: 'Add a user', values: {}, roleItems: roleItems([]) });
  });

  router.post('/admin/users/new', async (req, res) => {
    const actor = actorFrom(res);
    assertAllowed(actor, 'create', { kind: 'user_account' });
    const parsed = NewUserFormSchema.safeParse(req.body);
    const errors: FieldError[] = parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    const personId = parsed.success ? await personFor(parsed.data.payrollNumber, errors) : null;
    if (parsed.success && (await users.byUsername(parsed.data.username))) errors.push({ field: 'username', message: 'That username is already taken' });
    if (!parsed.success || errors.length) {
      const selected = ([] as string[]).concat(req.body.roles ?? []);
      return res.status(400).render('admin/views/user-new.njk', { pageTitle: 'Add a user', values: req.body, roleItems: roleItems(selected), errors: presentFormErrors(errors) });
    }
    const password = randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);
    const user = await db.transaction(async (tx) => {
      const created = await users.insert(tx, { username: parsed.data.username, displayName: parsed.data.displayName, email: parsed.data.email, personId, roles: parsed.data.roles.filter(isRole), passwordHash, mustChangePassword: true });
      await audit.recordIn(tx, { action: 'user.create', actor: { userId: actor.viewer.userId, label: actor.viewer.label }, subjectType: 'user', subjectId: created.id, subjectPersonId: personId, correlationId: actor.correlationId, ip: actor.ip, details: { username: created.username, roles: created.roles } });
      return created;
    });
    res.render('admin/views/user-created.njk', { pageTitle: 'User added', user, password });
  });

  router.get('/admin/users/:id', async (req, res) => {
    const actor = actorFrom(res);
    const id = idParam(req.params.id);
    await authoriseRead(audit, actor, 'read', { kind: 'user_account' }, { event: 'user.view', subjectType: 'user', subjectId: id });
    const user = await users.byId(id);
    if (!user) throw new NotFoundError();
    const payrollNumber = user.personId ? await people.payrollNumberOf(user.personId) : undefined;
    res.render('admin/views/user.njk', { pageTitle: user.displayName, user, values: { ...user, payrollNumber }, roleItems: roleItems(user.roles), canEdit: canAny(actor.viewer, 'update', 'user_account') });
  });

  router.post('/admin/users/:id', async (req, res) => {
    const { actor, id, user } = await userToChange(req, res);
    const parsed = UserFormSchema.safeParse(req.body);
    const errors: FieldError[] = parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    const personId = parsed.success ? await personFor(parsed.data.payrollNumber, errors) : null;
    if (id === actor.viewer.userId && parsed.success && (parsed.data.disabled || !parsed.data.roles.includes('system_admin'))) {
      errors.push({ field: 'roles', message: 'You cannot remove your own administrator role or disable your own account' });
    }
    const render = (status: number, extra: Record<string, unknown>) =>
      res.status(status).render('admin/views/user.njk', { pageTitle: user.displayName, user, roleItems: roleItems(([] as string[]).concat(req.body.roles ?? [])), canEdit: true, ...extra });
    if (!parsed.success || errors.length) return render(400, { values: { ...req.body, version: user.version }, errors: presentFormErrors(errors) });
    try {
      await db.transaction(async (tx) => {
        const saved = await users.update(tx, id, Number(req.body.version), { displayName: parsed.data.displayName, email: parsed.data.email ?? null, personId, roles: parsed.data.roles.filter(isRole), disabled: parsed.data.disabled });
        if (!saved) throw new ConflictError();
        await audit.recordIn(tx, { action: 'user.update', actor: { userId: actor.viewer.userId, label: actor.viewer.label }, subjectType: 'user', subjectId: id, subjectPersonId: personId, correlationId: actor.correlationId, ip: actor.ip, details: { roles: parsed.data.roles, disabled: parsed.data.disabled, previousRoles: user.roles } });
      });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      const fresh = (await users.byId(id))!;
      return res.status(409).render('admin/views/user.njk', { pageTitle: user.displayName, user: fresh, values: fresh, roleItems: roleItems(fresh.roles), canEdit: true, conflict: true, errors: presentFormErrors([{ field: 'displayName', message: err.message }]) });
    }
    req.session.flash = { type: 'success', text: 'User saved' };
    res.redirect(`/admin/users/${id}`);
  });

  const userAction = (path: string, event: string, act: (id: string) => Promise<void>, message: string) =>
    router.post(`/admin/users/:id/${path}`, async (req, res) => {
      const { actor, id } = await userToChange(req, res);
      await act(id);
      await audit.record({ action: event, actor: { userId: actor.viewer.userId, label: actor.viewer.label }, subjectType: 'user', subjectId: id, correlationId: actor.correlationId, ip: actor.ip });
      req.session.flash = { type: 'success', text: message };
      res.redirect(`/admin/users/${id}`);
    });
  userAction('unlock', 'user.unlock', (id) => users.clearFailures(id), 'Account unlocked');

  router.post('/admin/users/:id/reset-password', async (req, res) => {
    const { actor, id, user } = await userToChange(req, res);
    const password = randomBytes(12).toString('base64url');
    await db.transaction(async (tx) => {
      await users.setPassword(id, await hashPassword(password), true, tx);
      await audit.recordIn(tx, { action: 'user.reset-password', actor: { userId: actor.viewer.userId, label: actor.viewer.label }, subjectType: 'user', subjectId: id, correlationId: actor.correlationId, ip: actor.ip });
    });
    res.render('admin/views/user-created.njk', { pageTitle: 'Temporary password set', heading: 'Temporary password set', user, password });
  });
  userAction('reset-second-factor', 'user.reset-second-factor', (id) => users.setTotpSecret(id, null), 'Second factor reset: the user sets up a new one at their next sign-in');

  router.get('/admin/tokens', async (_req, res) => {
    const actor = actorFrom(res);
    await authoriseRead(audit, actor, 'read', { kind: 'api_token' }, { event: 'api-token.list', subjectType: 'api_token', subjectId: '*' });
    res.render('admin/views/tokens.njk', { pageTitle: 'API tokens', tokens: await tokens.list(), scopeItems: TOKEN_SCOPES.map((s) => ({ value: s, text: s })), values: { expiresInDays: '90' } });
  });

  router.post('/admin/tokens', async (req, res) => {
    const actor = actorFrom(res);
    assertAllowed(actor, 'create', { kind: 'api_token' });
    const parsed = TokenFormSchema.safeParse(req.body);
    const errors: FieldError[] = parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    if (parsed.success) for (const s of parsed.data.scopes) if (!TOKEN_SCOPES.includes(s)) errors.push({ field: 'scopes', message: `${s} is not a scope a token can have` });
    if (!parsed.success || errors.length) {
      const selected = ([] as string[]).concat(req.body.scopes ?? []);
      return res.status(400).render('admin/views/tokens.njk', { pageTitle: 'API tokens', tokens: await tokens.list(), scopeItems: TOKEN_SCOPES.map((s) => ({ value: s, text: s, checked: selected.includes(s) })), values: req.body, errors: presentFormErrors(errors) });
    }
    const expiresAt = new Date(Date.now() + parsed.data.expiresInDays * 86_400_000);
    const created = await db.transaction(async (tx) => {
      const t = await tokens.create(tx, parsed.data.name, parsed.data.scopes, actor.viewer.userId, expiresAt);
      await audit.recordIn(tx, { action: 'api-token.create', actor: { userId: actor.viewer.userId, label: actor.viewer.label }, subjectType: 'api_token', subjectId: t.id, correlationId: actor.correlationId, ip: actor.ip, details: { name: parsed.data.name, scopes: parsed.data.scopes, expiresAt: expiresAt.toISOString() } });
      return t;
    });
    res.render('admin/views/token-created.njk', { pageTitle: 'API token created', token: created.token, name: parsed.data.name });
  });

  router.post('/admin/tokens/:id/revoke', async (req, res) => {
    const actor = actorFrom(res);
    const id = idParam(req.params.id);
    assertAllowed(actor, 'delete', { kind: 'api_token' });
    await db.transaction(async (tx) => {
      if (!(await tokens.revoke(tx, id, actor.viewer.userId))) throw new NotFoundError('There is no live token with that reference');
      await audit.recordIn(tx, { action: 'api-token.revoke', actor: { userId: actor.viewer.userId, label: actor.viewer.label }, subjectType: 'api_token', subjectId: id, correlationId: actor.correlationId, ip: actor.ip });
    });
    req.session.flash = { type: 'success', text: 'Token revoked' };
    res.redirect('/admin/tokens');
  });

  return {
    name: 'admin',
    routes: router,
    navigation: (viewer) => [
      ...(canAny(viewer, 'read', 'user_account') ? [{ text: 'Users', href: '/admin/users' }] : []),
      ...(canAny(viewer, 'read', 'api_token') ? [{ text: 'API tokens', href: '/admin/tokens' }] : []),
    ],
  };
}
