import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllegationSchema, OutcomeSchema, PublicComplaintSchema, SubjectSchema, parsePublicComplaint } from './schema.js';

const PUBLIC_FIELDS = new Set(['forenames', 'surname', 'email', 'phone', 'address', 'postcode', 'affected', 'whatHappened', 'occurredOn', 'location', 'officersInvolved']);
const anyValue = fc.oneof(fc.string({ maxLength: 60 }), fc.constant(''), fc.constant(undefined), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
const nonBlank = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);

describe('public complaint form validation', () => {
  it('never throws on anything a browser or a robot can post, and names only the form’s own fields', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...PUBLIC_FIELDS, '_csrf', 'extra'), anyValue), (body) => {
      const r = parsePublicComplaint(body);
      if ('errors' in r) for (const e of r.errors) expect(PUBLIC_FIELDS.has(e.field)).toBe(true);
    }), { numRuns: 300 });
  });

  it('accepts any complaint with a name, a contact and an account of what happened, keeping the words as given (trimmed)', () => {
    fc.assert(fc.property(nonBlank(100), nonBlank(100), nonBlank(5000), fc.constantFrom('self', 'on_behalf'), (forenames, surname, whatHappened, affected) => {
      const r = PublicComplaintSchema.safeParse({ forenames, surname, whatHappened, affected, phone: '01632 960 001' });
      expect(r.success).toBe(true);
      if (r.success) expect(r.data.whatHappened).toBe(whatHappened.trim());
    }), { numRuns: 200 });
  });

  it('refuses a complaint with no way to contact the complainant, on the email field', () => {
    fc.assert(fc.property(nonBlank(50), fc.constantFrom('', '  ', undefined), (text, blank) => {
      const r = parsePublicComplaint({ forenames: 'Ada', surname: text, whatHappened: blank, affected: 'self', email: blank, phone: blank });
      expect('errors' in r && r.errors.map((e) => e.field)).toContain('email');
    }), { numRuns: 50 });
  });

  it('refuses overlong accounts', () => {
    const r = PublicComplaintSchema.safeParse({ forenames: 'Ada', surname: 'Brightwater', whatHappened: 'x'.repeat(5001), affected: 'self', phone: '01632960001' });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['whatHappened']);
  });
});

describe('allegation and subject validation', () => {
  const uuid = fc.uuid();
  it('wants exactly one of a person or a description for each subject', () => {
    fc.assert(fc.property(fc.option(uuid, { nil: undefined }), fc.option(nonBlank(100), { nil: undefined }), (personId, unidentifiedDescription) => {
      const r = SubjectSchema.safeParse({ personId, unidentifiedDescription });
      expect(r.success).toBe(!!personId !== !!unidentifiedDescription);
    }), { numRuns: 200 });
  });

  it('wants at least one subject and a positive version', () => {
    fc.assert(fc.property(fc.integer({ min: -5, max: 5 }), fc.array(uuid.map((personId) => ({ personId })), { maxLength: 3 }), (version, subjects) => {
      const r = AllegationSchema.safeParse({ category: 'C1', description: 'Rude on the phone', subjects, version });
      expect(r.success).toBe(version > 0 && subjects.length > 0);
    }), { numRuns: 200 });
  });

  it('reads yes/no form answers as booleans', () => {
    const base = { personId: '11111111-1111-4111-8111-111111111111', forum: 'misconduct_hearing', finding: 'misconduct', outcome: 'written_warning', decidedOn: '2026-01-02', decidedByName: 'Chair', version: 3 };
    expect(OutcomeSchema.parse({ ...base, liveFinalWarningOrMultipleIncidents: 'yes' }).liveFinalWarningOrMultipleIncidents).toBe(true);
    expect(OutcomeSchema.parse(base).liveFinalWarningOrMultipleIncidents).toBe(false);
  });
});
