import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { join } from 'node:path';
import { projectRoot, sourceRoot } from '../paths.js';

const LONDON = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: LONDON });
const numberFormat = new Intl.NumberFormat('en-GB');

function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (value instanceof Date) return value;
  // A bare date ('2026-11-23') is a calendar date: read it at midday UTC so no time zone shifts the day.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T12:00:00Z`);
  const d = new Date(String(value));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "23 November 2026" in Europe/London. */
export function formatDate(value: unknown): string {
  const d = toDate(value);
  return d ? dateFormat.format(d) : '';
}

/** "23 November 2026 at 2:05pm" in Europe/London (GOV.UK style). */
export function formatDateTime(value: unknown): string {
  const d = toDate(value);
  if (!d) return '';
  return `${dateFormat.format(d)} at ${timeFormat.format(d).replace(/\s/g, '').toLowerCase()}`;
}

export function configureViews(app: Express): nunjucks.Environment {
  const env = nunjucks.configure(
    [
      join(projectRoot, 'node_modules/govuk-frontend/dist'),
      join(projectRoot, 'node_modules/@ministryofjustice/frontend'),
      join(sourceRoot, 'platform/ui/views'),
      join(sourceRoot, 'platform'),
      join(sourceRoot, 'modules'),
    ],
    { autoescape: true, express: app, throwOnUndefined: false, noCache: process.env.NODE_ENV !== 'production' && process.env.NODE_ENV !== 'test' },
  );
  env.addFilter('govukDate', formatDate);
  env.addFilter('govukDateTime', formatDateTime);
  env.addFilter('number', (n: unknown) => (typeof n === 'number' ? numberFormat.format(n) : n ?? ''));
  env.addGlobal('serviceName', 'Probity');
  app.set('view engine', 'njk');
  return env;
}
