import { Router } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import { presentFormErrors } from '../http/form-errors.js';
import type { FieldError } from '../http/errors.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import type { UserRepository } from './users.js';

/** The signed-in user's own account: choosing a new password (required after a temporary one). */
export function accountRoutes(users: UserRepository, audit: AuditLog): Router {
  const router = Router();
  const render = (res: Parameters<Parameters<Router['get']>[1]>[1], status: number, errors?: FieldError[]) =>
    res.status(status).render('auth/views/change-password.njk', {
      pageTitle: 'Choose a new password', mustChange: res.locals.currentUser?.mustChangePassword, minLength: MIN_PASSWORD_LENGTH,
      errors: errors ? presentFormErrors(errors) : undefined,
    });

  router.get('/account/password', (_req, res) => render(res, 200));

  router.post('/account/password', async (req, res) => {
    const user = res.locals.currentUser;
    if (!user) return res.redirect('/sign-in');
    const current = String(req.body.currentPassword ?? '');
    const next = String(req.body.newPassword ?? '');
    const confirm = String(req.body.confirmPassword ?? '');
    const errors: FieldError[] = [];
    if (!(await verifyPassword(user.passwordHash, current))) errors.push({ field: 'currentPassword', message: 'Enter your current password correctly' });
    if (next.length < MIN_PASSWORD_LENGTH) errors.push({ field: 'newPassword', message: `Your new password must be at least ${MIN_PASSWORD_LENGTH} characters` });
    else if (next.length > 200) errors.push({ field: 'newPassword', message: 'Your new password must be 200 characters or fewer' });
    else if (next === current) errors.push({ field: 'newPassword', message: 'Your new password must be different from your current one' });
    else if (next.toLowerCase().includes(user.username.toLowerCase())) errors.push({ field: 'newPassword', message: 'Your new password must not contain your username' });
    if (!errors.some((e) => e.field === 'newPassword') && confirm !== next) errors.push({ field: 'confirmPassword', message: 'The passwords do not match' });
    if (errors.length) return render(res, 400, errors);
    await users.setPassword(user.id, await hashPassword(next), false);
    await audit.record({ action: 'user.password-change', actor: { userId: user.id, label: user.username }, subjectType: 'user', subjectId: user.id, correlationId: res.locals.correlationId, ip: req.ip });
    req.session.flash = { type: 'success', text: 'Your password has been changed' };
    res.redirect('/');
  });
  return router;
}
