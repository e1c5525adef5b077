import { z } from '../../platform/openapi/registry.js';
import { FORCE_VETTING_LEVELS, NATIONAL_SECURITY_LEVELS, PERSON_TYPES, PERSON_TYPE_LABELS } from '../../platform/reference.js';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

function normaliseDate(v: unknown): unknown {
  const s = blankToUndefined(v);
  if (s instanceof Date && !Number.isNaN(s.getTime())) return s.toISOString().slice(0, 10);
  if (typeof s !== 'string') return s;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : s;
}

const calendarDate = z.string({ error: 'Enter a date' }).refine((s) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && Number(m[1]) >= 1900 && Number(m[1]) <= 2100;
}, 'Enter a real date, for example 2024-03-27 or 27/03/2024');

/** A real calendar date written YYYY-MM-DD (also accepts DD/MM/YYYY, as HR spreadsheets often use). */
export const isoDate = z.preprocess(normaliseDate, calendarDate);
/** The same, where a blank means "not given". (Optionality sits inside the preprocess: zod only skips undefined input.) */
export const optionalIsoDate = z.preprocess(normaliseDate, calendarDate.optional());

const text = (label: string, max: number) => z.preprocess(blankToUndefined, z.string({ error: `Enter the ${label}` }).max(max, `The ${label} must be ${max} characters or fewer`));
const optionalText = (label: string, max: number) => z.preprocess(blankToUndefined, z.string().max(max, `The ${label} must be ${max} characters or fewer`).optional());
const codeString = (label: string) =>
  z.string({ error: `Enter the ${label}` }).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, `The ${label} must be 1 to 40 letters, digits, dots, dashes, slashes or underscores`);
const code = (label: string) => z.preprocess(blankToUndefined, codeString(label));
const optionalCode = (label: string) => z.preprocess(blankToUndefined, codeString(label).optional());
const normaliseWord = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
/** Person types as codes (special_constable) or as HR systems write them ("Special constable", "Police staff"). */
const PERSON_TYPE_ALIASES = new Map<string, string>([
  ...PERSON_TYPES.map((t) => [normaliseWord(t), t] as [string, string]),
  ...Object.entries(PERSON_TYPE_LABELS).map(([t, l]) => [normaliseWord(l.replace(/\s*\(.*\)$/, '')), t] as [string, string]),
  ['pcso', 'pcso'], ['police officer', 'officer'], ['special', 'special_constable'], ['staff', 'staff'], ['npp', 'non_police'],
]);
const personType = z.preprocess((v) => {
  const s = blankToUndefined(v);
  return typeof s === 'string' ? PERSON_TYPE_ALIASES.get(normaliseWord(s)) ?? s : s;
}, z.enum(PERSON_TYPES, { error: `The person type must be one of: ${PERSON_TYPES.join(', ')}` }));

export const PAYROLL_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{1,19}$/;

/** One person as an HR system sends them: an import row or an HR sync record. */
export const HrRecordSchema = z
  .object({
    payrollNumber: z.preprocess(blankToUndefined, z.string({ error: 'Enter the payroll number' }).regex(PAYROLL_NUMBER, 'The payroll number must be 2 to 20 letters, digits or dashes')),
    collarNumber: optionalText('collar number', 20),
    forenames: text('forenames', 100),
    surname: text('surname', 100),
    dateOfBirth: optionalIsoDate,
    personType,
    rankOrGrade: optionalText('rank or grade', 60),
    unitCode: code('unit code'),
    unitName: optionalText('unit name', 120),
    lineManagerPayrollNumber: z.preprocess(blankToUndefined, z.string().regex(PAYROLL_NUMBER, 'The line manager payroll number must be 2 to 20 letters, digits or dashes').optional()),
    postCode: optionalCode('post code'),
    postStartDate: optionalIsoDate,
    startDate: isoDate,
    leavingDate: optionalIsoDate,
    leavingReason: optionalText('leaving reason', 120),
    email: z.preprocess(blankToUndefined, z.email('Enter an email address in the correct format, like name@example.police.uk').max(200).optional()),
    sex: optionalText('sex', 60),
    genderIdentitySameAsBirth: optionalText('gender identity', 60),
    ethnicity: optionalText('ethnicity', 80),
    religion: optionalText('religion', 60),
    sexualOrientation: optionalText('sexual orientation', 60),
    disability: optionalText('disability', 60),
  })
  .superRefine((r, ctx) => {
    if (r.leavingDate && r.leavingDate < r.startDate) ctx.addIssue({ code: 'custom', path: ['leavingDate'], message: 'The leaving date must be on or after the start date' });
    if (r.postStartDate && r.postStartDate < r.startDate) ctx.addIssue({ code: 'custom', path: ['postStartDate'], message: 'The post start date must be on or after the start date' });
    if (r.dateOfBirth && r.dateOfBirth >= r.startDate) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'The date of birth must be before the start date' });
    if (r.lineManagerPayrollNumber && r.lineManagerPayrollNumber === r.payrollNumber) ctx.addIssue({ code: 'custom', path: ['lineManagerPayrollNumber'], message: 'A person cannot be their own line manager' });
  })
  .openapi('HrRecord');
export type HrRecord = z.infer<typeof HrRecordSchema>;

export const PROTECTED_FIELDS = ['sex', 'genderIdentitySameAsBirth', 'ethnicity', 'religion', 'sexualOrientation', 'disability'] as const;

export const PostSchema = z
  .object({
    title: text('post title', 120),
    unitCode: code('unit code'),
    requiredVettingLevel: z.enum(FORCE_VETTING_LEVELS, { error: 'Choose the vetting level the post requires' }),
    nationalSecurityLevel: z.preprocess(blankToUndefined, z.enum(NATIONAL_SECURITY_LEVELS, { error: 'Choose CTC, SC or DV, or none' }).optional()),
    designated: z.preprocess((v) => v === true || v === 'true' || v === 'yes', z.boolean()),
    active: z.preprocess((v) => v === undefined ? true : v === true || v === 'true' || v === 'yes', z.boolean()),
  })
  .superRefine((p, ctx) => {
    if (p.designated && p.requiredVettingLevel !== 'MV' && p.requiredVettingLevel !== 'NPPV3') {
      ctx.addIssue({ code: 'custom', path: ['requiredVettingLevel'], message: 'A designated post needs management vetting (MV), or NPPV3 for non-police personnel' });
    }
  });
export type PostInput = z.infer<typeof PostSchema>;

/** What HR may change on a person directly (moves and leavers normally come from the HR feed). */
export const PersonEditSchema = z.object({
  collarNumber: optionalText('collar number', 20),
  forenames: text('forenames', 100),
  surname: text('surname', 100),
  dateOfBirth: optionalIsoDate,
  rankOrGrade: optionalText('rank or grade', 60),
  email: z.preprocess(blankToUndefined, z.email('Enter an email address in the correct format, like name@example.police.uk').max(200).optional()),
  version: z.coerce.number({ error: 'The form is missing its version: reload the page' }).int().positive(),
});
export type PersonEdit = z.infer<typeof PersonEditSchema>;

export const IMPORT_MODES = ['delta', 'full'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
