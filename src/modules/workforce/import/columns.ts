import { PERSON_TYPES } from '../../../platform/reference.js';

/** Every column an HR file may have: shown on the import page and in docs/formats/workforce-import.md. */
export const IMPORT_COLUMNS: { field: string; header: string; required: boolean; description: string }[] = [
  { field: 'payrollNumber', header: 'Payroll number', required: true, description: 'Unique per person, 2 to 20 letters, digits or dashes. People are matched on it, so re-importing updates rather than duplicates.' },
  { field: 'collarNumber', header: 'Collar number', required: false, description: 'Officers, specials and PCSOs. Unique within a file.' },
  { field: 'forenames', header: 'Forenames', required: true, description: 'Up to 100 characters.' },
  { field: 'surname', header: 'Surname', required: true, description: 'Up to 100 characters.' },
  { field: 'dateOfBirth', header: 'Date of birth', required: false, description: 'YYYY-MM-DD or DD/MM/YYYY; before the start date.' },
  { field: 'personType', header: 'Person type', required: true, description: `One of ${PERSON_TYPES.join(', ')} (labels such as "Police staff" or "Special constable" are accepted).` },
  { field: 'rankOrGrade', header: 'Rank or grade', required: false, description: 'For example Sergeant or Grade E.' },
  { field: 'unitCode', header: 'Unit code', required: true, description: 'An existing unit, or a new one if the row also gives its name.' },
  { field: 'unitName', header: 'Unit name', required: false, description: 'Creates the unit when its code is new.' },
  { field: 'lineManagerPayrollNumber', header: 'Line manager payroll number', required: false, description: 'Someone in the file or already in the directory; chains may not loop.' },
  { field: 'postCode', header: 'Post code', required: false, description: 'An existing post (posts and their vetting levels are managed in Probity). One current person per post in a file; leavers hold none.' },
  { field: 'postStartDate', header: 'Post start date', required: false, description: 'When the person took up the post; defaults to the import date for a move.' },
  { field: 'startDate', header: 'Start date', required: true, description: 'When the person joined the force.' },
  { field: 'leavingDate', header: 'Leaving date', required: false, description: 'Marks a leaver: their post assignment ends on this date.' },
  { field: 'leavingReason', header: 'Leaving reason', required: false, description: 'For example Resigned or Retired.' },
  { field: 'email', header: 'Email', required: false, description: 'Work email address.' },
  { field: 'sex', header: 'Sex', required: false, description: 'Protected characteristic: kept apart and shown only to roles that need it. A blank cell keeps what is held.' },
  { field: 'genderIdentitySameAsBirth', header: 'Gender identity same as birth', required: false, description: 'Protected characteristic (Yes, No, Prefer not to say).' },
  { field: 'ethnicity', header: 'Ethnicity', required: false, description: 'Protected characteristic, ideally the ONS 2021 high-level groups.' },
  { field: 'religion', header: 'Religion', required: false, description: 'Protected characteristic.' },
  { field: 'sexualOrientation', header: 'Sexual orientation', required: false, description: 'Protected characteristic.' },
  { field: 'disability', header: 'Disability', required: false, description: 'Protected characteristic (Yes, No, Prefer not to say).' },
];
