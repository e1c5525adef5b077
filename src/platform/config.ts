import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { projectRoot } from './paths.js';

/**
 * All configuration comes from the environment, read once here.
 * Production (NODE_ENV=production) refuses to start without the secrets it needs;
 * development gets safe defaults, with a generated secret kept in the data folder (never in the repo).
 */
export interface Config {
  production: boolean;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Demo accounts may sign in only in demo mode (default: on for the embedded database, off for PostgreSQL). */
  demoMode: boolean;
  /** Load the synthetic demo force into an empty embedded database on first start. */
  seedDemoOnFirstStart: boolean;
  secret: string;
  /** Secure cookies need HTTPS; on by default in production. */
  secureCookies: boolean;
  trustProxy: boolean;
  sessionIdleMinutes: number;
  /** However active, a session ends this long after sign-in. */
  sessionMaxHours: number;
  uploadLimitBytes: number;
  signIn: { maxFailures: number; lockoutMinutes: number; ipLimitPerWindow: number; windowMinutes: number };
  oidc: OidcConfig | undefined;
  logLevel: string;
  /** Processes serving requests (PostgreSQL only: the embedded database belongs to one process). */
  workers: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Claim whose value links an identity to a Probity user (Entra: oid). */
  subjectClaim: string;
  /** When set, the identity provider must report multi-factor sign-in in `amr`. */
  requireMfa: boolean;
  /** Display name for the sign-in button. */
  label: string;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function intFrom(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number of at least ${min} (got "${raw}")`);
  return value;
}

function boolFrom(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

/** In development the secret lives in the data folder so sessions and encrypted fields survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

function oidcFrom(env: Env): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER;
  if (!issuer) return undefined;
  const missing = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'].filter((n) => !env[n]);
  if (missing.length) throw new ConfigError(`OIDC_ISSUER is set, so ${missing.join(', ')} must be set too`);
  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET!,
    redirectUri: env.OIDC_REDIRECT_URI!,
    subjectClaim: env.OIDC_SUBJECT_CLAIM || 'oid',
    requireMfa: boolFrom(env, 'OIDC_REQUIRE_MFA', true),
    label: env.OIDC_LABEL || 'Sign in with your force account',
  };
}

function workersFrom(env: Env, databaseUrl: string | undefined): number {
  const workers = intFrom(env, 'PROBITY_WORKERS', 1, 1);
  if (workers > 1 && !databaseUrl) throw new ConfigError('PROBITY_WORKERS above 1 needs DATABASE_URL: the embedded database can be opened by one process only');
  return workers;
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL || undefined;
  const rawDir = env.PROBITY_DATA_DIR || join(projectRoot, 'data');
  const dataDir = isAbsolute(rawDir) ? rawDir : resolve(projectRoot, rawDir);
  if (production && !env.PROBITY_SECRET) throw new ConfigError('PROBITY_SECRET must be set in production (32+ random characters)');
  if (env.PROBITY_SECRET && env.PROBITY_SECRET.length < 32) throw new ConfigError('PROBITY_SECRET must be at least 32 characters');
  const demoMode = boolFrom(env, 'PROBITY_DEMO_MODE', !databaseUrl && !production);
  if (production && demoMode) throw new ConfigError('PROBITY_DEMO_MODE cannot be on in production');
  return {
    production,
    port: intFrom(env, 'PORT', 3000, 0),
    databaseUrl,
    dataDir,
    demoMode,
    seedDemoOnFirstStart: boolFrom(env, 'PROBITY_SEED_DEMO', !databaseUrl),
    secret: env.PROBITY_SECRET || developmentSecret(dataDir),
    secureCookies: boolFrom(env, 'PROBITY_SECURE_COOKIES', production),
    trustProxy: boolFrom(env, 'PROBITY_TRUST_PROXY', false),
    sessionIdleMinutes: intFrom(env, 'PROBITY_SESSION_IDLE_MINUTES', 30, 1),
    sessionMaxHours: intFrom(env, 'PROBITY_SESSION_MAX_HOURS', 12, 1),
    uploadLimitBytes: intFrom(env, 'PROBITY_UPLOAD_LIMIT_MB', 25, 1) * 1024 * 1024,
    signIn: {
      maxFailures: intFrom(env, 'PROBITY_SIGNIN_MAX_FAILURES', 5, 1),
      lockoutMinutes: intFrom(env, 'PROBITY_SIGNIN_LOCKOUT_MINUTES', 15, 1),
      ipLimitPerWindow: intFrom(env, 'PROBITY_SIGNIN_IP_LIMIT', 30, 1),
      windowMinutes: intFrom(env, 'PROBITY_SIGNIN_WINDOW_MINUTES', 15, 1),
    },
    oidc: oidcFrom(env),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    workers: workersFrom(env, databaseUrl),
  };
}
