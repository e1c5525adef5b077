import type { Letter } from '../../../platform/documents/pdf.js';
import { formatDate } from '../../../platform/ui/nunjucks.js';
import { labelFor } from '../presenters.js';
import type { ComplainantLetter } from './data.js';
import type { ReviewBody } from './rules.js';

export interface ComplainantLetterFacts {
  letter: ComplainantLetter;
  reference: string;
  handlingRoute: string | null;
  recipient: { forenames: string; surname: string; address: string | null; postcode: string | null };
  reviewBodyNames: Record<ReviewBody, string>;
  reviewWindowDays: number;
  sender: string;
}

/**
 * An update or the outcome letter to a complainant, one structure for the printable page and the PDF. The outcome
 * letter states the right of review and names the relevant review body (reference §3 step 6 and §7). It carries the
 * caseworker's words about the outcome; nothing about other complainants, victims or witnesses.
 */
export function complainantLetter(f: ComplainantLetterFacts): Letter {
  const name = `${f.recipient.forenames} ${f.recipient.surname}`;
  const addressLines = [...(f.recipient.address ?? '').split(/\r?\n|,\s*/).map((l) => l.trim()).filter(Boolean), ...(f.recipient.postcode ? [f.recipient.postcode] : [])];
  const base = {
    reference: f.reference,
    date: f.letter.letterDate,
    protectiveMarking: 'OFFICIAL-SENSITIVE',
    recipient: { name, addressLines },
    sender: { name: f.sender, role: 'Complaints caseworker', unit: 'Professional Standards Department' },
  };
  const paragraphs = f.letter.body.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean);
  if (f.letter.kind === 'update') {
    return {
      ...base,
      title: 'An update on your complaint',
      sections: [
        { paragraphs: [`Dear ${name},`, `I am writing with an update on your complaint (our reference ${f.reference}).`, ...paragraphs] },
        { paragraphs: ['We will keep you updated. If you have any questions, contact the Professional Standards Department quoting your reference.', 'Yours sincerely,'] },
      ],
    };
  }
  const body = f.reviewBodyNames[f.letter.reviewBody as ReviewBody] ?? labelFor(f.letter.reviewBody);
  return {
    ...base,
    title: 'The outcome of your complaint',
    sections: [
      { paragraphs: [`Dear ${name},`, `I am writing to tell you the outcome of your complaint (our reference ${f.reference})${f.handlingRoute ? `, which was ${labelFor(f.handlingRoute).toLowerCase()}` : ''}.`] },
      { heading: 'The outcome', paragraphs },
      {
        heading: 'Your right to a review',
        paragraphs: [
          `If you are not satisfied with the outcome, or with how your complaint was handled, you have the right to apply for a review. The review body for your complaint is ${body}.`,
          `You must apply within ${f.reviewWindowDays} days, starting with the day after the date of this letter: that is, by ${formatDate(f.letter.reviewDueOn)}. Quote your reference ${f.reference} and say why you are not satisfied.`,
          'The review body will consider whether the handling of your complaint and its outcome were reasonable and proportionate. It may recommend or direct further action, but it cannot award compensation.',
        ],
      },
      { paragraphs: ['Yours sincerely,'] },
    ],
  };
}
