import type { Letter } from '../../platform/documents/pdf.js';
import type { Application, Decision } from './data.js';
import { formatDate } from '../../platform/ui/nunjucks.js';
import { labelFor } from './presenters.js';

/** Days allowed for a written appeal against refusal (force policy; the reference cites 14 days). Configurable. */
export const APPEAL_DAYS = 14;

/**
 * The decision letter to the applicant, one structure for the printable page and the PDF. It gives the decision,
 * conditions and appeal rights; the rationale stays in the vetting record (vetting information may be withheld
 * from the subject under a harm test, PVR 2025 reg 8).
 */
export function decisionLetter(application: Application, decision: Decision, appealWithin: { refusal: string; conditions: string } = { refusal: `${APPEAL_DAYS} days`, conditions: `${APPEAL_DAYS} days` }): Letter {
  const name = `${application.applicantForenames} ${application.applicantSurname}`;
  const level = `${labelFor(decision.level)} (${decision.level})`;
  const base = {
    reference: application.reference,
    date: decision.decidedOn,
    protectiveMarking: 'OFFICIAL-SENSITIVE',
    recipient: { name, addressLines: [] },
    sender: { name: decision.decidedByLabel, role: 'Vetting decision maker', unit: 'Force Vetting Unit' },
  };
  if (decision.outcome === 'refusal') {
    return {
      ...base,
      title: 'Vetting decision: clearance refused',
      sections: [
        { paragraphs: [`Dear ${name},`, `We have completed the vetting checks for your application (${application.reference}) for ${decision.level} clearance. I am sorry to tell you that clearance has been refused.`] },
        { heading: 'Why', paragraphs: ['The decision was made after a careful assessment of the information from the checks, in line with the Vetting Code of Practice and Authorised Professional Practice on vetting. Some information cannot be shared with you where sharing it could cause harm.'] },
        {
          heading: 'Your right of appeal',
          paragraphs: [`You may appeal against this decision. Write to the Force Vetting Unit within ${appealWithin.refusal} of the date of this letter, quoting ${application.reference} and setting out your grounds of appeal and any information you would like considered.`, 'Your appeal will be considered by someone more senior than, and independent of, the person who made this decision.'],
        },
        { paragraphs: ['Yours sincerely,'] },
      ],
    };
  }
  const conditional = decision.outcome === 'clearance_with_conditions';
  return {
    ...base,
    title: conditional ? 'Vetting decision: clearance granted with conditions' : 'Vetting decision: clearance granted',
    sections: [
      { paragraphs: [`Dear ${name},`, `We have completed the vetting checks for your application (${application.reference}). You have been granted ${level} clearance${decision.expiresOn ? `, which lasts until ${formatDate(decision.expiresOn)} unless it is reviewed earlier` : ''}.`] },
      ...(conditional
        ? [{ heading: 'Conditions', paragraphs: ['Your clearance is granted on the conditions below. Your line manager and HR have been told of them. Each will be reviewed on the date shown.'], bullets: decision.conditions.map((c) => `${c.description} (review ${formatDate(c.reviewOn)})`) },
          { heading: 'Your right of appeal', paragraphs: [`You may appeal against the conditions. Write to the Force Vetting Unit within ${appealWithin.conditions} of the date of this letter, quoting ${application.reference} and setting out your grounds.`] }]
        : []),
      { heading: 'Keeping us informed', paragraphs: ['You must tell the Force Vetting Unit promptly of any change in your circumstances that may affect your clearance, such as a new partner or co-resident, an arrest, caution or conviction, or financial difficulty.'] },
      { paragraphs: ['Yours sincerely,'] },
    ],
  };
}
