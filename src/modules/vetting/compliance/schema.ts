import { z } from '../../../platform/openapi/registry.js';
import { FORCE_VETTING_LEVELS } from '../../../platform/reference.js';
import { COMPLIANCE_STATUSES } from './levels.js';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

/** Filters shared by the compliance lists (pages and API); a blank field means "any". */
export const ListQuerySchema = z.object({
  q: optional(z.string().max(100, 'Search for 100 characters or fewer')),
  unit: optional(z.string().max(40, 'Give a unit code of 40 characters or fewer')),
  level: optional(z.enum(FORCE_VETTING_LEVELS, { error: 'Choose a vetting level from the list' })),
  status: optional(z.enum(COMPLIANCE_STATUSES, { error: 'Choose a status from the list' })),
  designated: optional(z.enum(['yes', 'no'], { error: 'Choose designated or not designated' })),
  days: optional(z.coerce.number({ error: 'Enter a number of days' }).int('Enter a whole number of days').min(1, 'Enter a number of days from 1 to 730').max(730, 'Enter a number of days from 1 to 730')),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

export const BacklogQuerySchema = z.object({
  months: optional(z.coerce.number({ error: 'Enter a number of months' }).int('Enter a whole number of months').min(1, 'Enter 1 to 36 months').max(36, 'Enter 1 to 36 months')),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ComplianceRowSchema = z.object({
  personId: z.string(), payrollNumber: z.string(), forenames: z.string(), surname: z.string(), personType: z.string(), unitCode: z.string().nullable(),
  postId: z.string().nullable(), postCode: z.string().nullable(), postTitle: z.string().nullable(), requiredLevel: z.string().nullable(), designated: z.boolean(),
  heldLevel: z.string().nullable(), outcome: z.string().nullable(), decidedOn: z.string().nullable(), expiresOn: z.string().nullable(),
  applicationId: z.string().nullable(), reference: z.string().nullable(), status: z.enum(COMPLIANCE_STATUSES),
  daysLeft: z.number().optional(), remindersSent: z.array(z.number()).optional(), reviewOpen: z.boolean().optional(),
}).openapi('VettingComplianceRow');

export const ComplianceListSchema = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), rows: z.array(ComplianceRowSchema) }).openapi('VettingComplianceList');

export const BacklogSchema = z.object({
  bands: z.array(z.object({ key: z.string(), label: z.string(), maxDays: z.number().nullable(), applications: z.number() })),
  monthly: z.array(z.object({ month: z.string(), decisions: z.number(), medianDays: z.number(), p90Days: z.number() })),
  total: z.number(), page: z.number(), pageSize: z.number(),
  applications: z.array(z.object({ id: z.string(), reference: z.string(), applicant: z.string(), kind: z.string(), level: z.string(), status: z.string(), receivedOn: z.string(), ageDays: z.number(), reviewReason: z.string().nullable() })),
}).openapi('VettingBacklog');

export const RemindersSchema = z.object({
  reminders: z.array(z.object({ personId: z.string(), name: z.string(), payrollNumber: z.string(), daysBefore: z.number(), expiresOn: z.string(), recordedOn: z.string(), reviewApplicationId: z.string().nullable(), reviewNote: z.string().nullable() })),
}).openapi('VettingExpiryReminders');
