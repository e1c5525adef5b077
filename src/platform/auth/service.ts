import type { Config } from '../config.js';
import type { AuditLog } from '../audit/audit-log.js';
import { requiresSecondFactor } from '../access/roles.js';
import { verifyPassword } from './passwords.js';
import { SecretBox } from './secrets.js';
import { matchingStep } from './totp.js';
import { accountUsable } from './middleware.js';
import type { User, UserRepository } from './users.js';

export type PasswordOutcome =
  | { kind: 'signed-in'; user: User }
  | { kind: 'needs-second-factor'; user: User }
  | { kind: 'needs-enrolment'; user: User }
  | { kind: 'failed' }
  | { kind: 'demo-refused' };

interface RequestInfo {
  ip?: string;
  correlationId: string;
}

/** The sign-in rules: password, lockout, demo-mode gate and second factor. Routes only translate to pages. */
export class AuthService {
  readonly totpBox: SecretBox;

  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditLog,
    private readonly config: Pick<Config, 'demoMode' | 'signIn' | 'secret'>,
  ) {
    this.totpBox = new SecretBox(config.secret, 'totp');
  }

  async checkPassword(username: string, password: string, info: RequestInfo): Promise<PasswordOutcome> {
    const user = await this.users.byUsername(username);
    const passwordOk = await verifyPassword(user?.passwordHash, password);
    if (user?.isDemo && !this.config.demoMode) {
      await this.log('auth.sign-in', user.username, user.id, 'denied', info, { reason: 'demo account outside demo mode' });
      return { kind: 'demo-refused' };
    }
    const locked = !!user?.lockedUntil && user.lockedUntil.getTime() > Date.now();
    if (!user || !passwordOk || locked || !accountUsable(user, this.config.demoMode)) {
      if (user && !locked) await this.users.recordFailure(user.id, this.config.signIn.maxFailures, this.config.signIn.lockoutMinutes);
      await this.log('auth.sign-in', username.slice(0, 100), user?.id ?? null, 'failed', info, { reason: !user ? 'unknown user' : locked ? 'locked' : !passwordOk ? 'wrong password' : 'disabled' });
      return { kind: 'failed' };
    }
    if (user.totpSecretEnc) return { kind: 'needs-second-factor', user };
    if (requiresSecondFactor(user.roles)) return { kind: 'needs-enrolment', user };
    await this.completeSignIn(user, null, info);
    return { kind: 'signed-in', user };
  }

  /** Checks a one-time code; a code is accepted once only, and failures count towards the lockout. */
  async checkSecondFactor(userId: string, code: string, info: RequestInfo): Promise<User | undefined> {
    const user = await this.users.byId(userId);
    if (!user?.totpSecretEnc || !accountUsable(user, this.config.demoMode)) return undefined;
    const locked = !!user.lockedUntil && user.lockedUntil.getTime() > Date.now();
    const step = locked ? undefined : matchingStep(this.totpBox.open(user.totpSecretEnc), code.replace(/\s/g, ''));
    if (step === undefined || !(await this.users.claimTotpStep(user.id, step))) {
      if (!locked) await this.users.recordFailure(user.id, this.config.signIn.maxFailures, this.config.signIn.lockoutMinutes);
      await this.log('auth.second-factor', user.username, user.id, 'failed', info, { reason: locked ? 'locked' : 'wrong or reused code' });
      return undefined;
    }
    await this.completeSignIn(user, step, info);
    return user;
  }

  /** Finishes setting up a second factor: the user has shown a valid code from the new secret. */
  async enrol(userId: string, secret: string, code: string, info: RequestInfo): Promise<User | undefined> {
    const user = await this.users.byId(userId);
    if (!user || !accountUsable(user, this.config.demoMode)) return undefined;
    const step = matchingStep(secret, code.replace(/\s/g, ''));
    if (step === undefined) {
      await this.log('auth.second-factor-set-up', user.username, user.id, 'failed', info, {});
      return undefined;
    }
    await this.users.setTotpSecret(user.id, this.totpBox.seal(secret));
    await this.users.claimTotpStep(user.id, step);
    await this.log('auth.second-factor-set-up', user.username, user.id, 'ok', info, {});
    await this.completeSignIn(user, step, info);
    return user;
  }

  async completeSignIn(user: User, step: number | null, info: RequestInfo, method = 'password'): Promise<void> {
    await this.users.recordSignIn(user.id, step);
    await this.log('auth.sign-in', user.username, user.id, 'ok', info, { method });
  }

  async log(action: string, label: string, userId: string | null, outcome: 'ok' | 'failed' | 'denied', info: RequestInfo, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({ action, actor: { userId, label }, outcome, correlationId: info.correlationId, ip: info.ip, subjectType: 'user', subjectId: userId ?? undefined, details });
  }
}
