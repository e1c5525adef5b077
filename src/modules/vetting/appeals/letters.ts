import type { Letter } from '../../../platform/documents/pdf.js';
import { formatDate } from '../../../platform/ui/nunjucks.js';
import type { Appeal } from './data.js';
import { label } from './presenters.js';

export interface AppealLetterFacts {
  appeal: Appeal;
  applicantName: string;
  applicationReference: string;
  /** Officers whose withdrawal appeal fails may go on to the Police Appeals Tribunal (PVR 2025: two tiers). */
  furtherAppealToTribunal: boolean;
}

const AGAINST_WORDS: Record<string, string> = {
  refusal: 'the decision to refuse your vetting clearance',
  withdrawal: 'the decision to withdraw your vetting clearance',
  conditions: 'the conditions placed on your vetting clearance',
};

const REMEDY_WORDS: Record<string, string> = {
  clearance_granted: 'You have been granted the clearance you applied for. We will write to you separately with its details.',
  fresh_decision: 'Your application will be decided again by a decision maker who was not involved in the original decision. We will write to you with the new decision.',
  conditions_removed: 'The conditions on your clearance have been removed.',
  conditions_varied: 'The conditions on your clearance have been varied. We will write to you separately with the conditions that now apply.',
  withdrawal_reversed: 'The withdrawal of your clearance has been reversed: your clearance is reinstated.',
};

/**
 * The letter telling the appellant the result: that the appeal does not meet the criteria (and which), or the
 * panel's outcome. The panel's rationale stays in the vetting record, as the decision letter keeps the decision's
 * (vetting information may be withheld from the subject under a harm test, PVR 2025 reg 8).
 */
export function appealLetter(f: AppealLetterFacts): Letter {
  const { appeal } = f;
  const against = AGAINST_WORDS[appeal.against] ?? 'the vetting decision';
  const opening = `We received your appeal on ${formatDate(appeal.lodgedOn)} against ${against} (our reference ${f.applicationReference}).`;
  const chair = appeal.panel.find((m) => m.panelRole === 'chair');
  const base = {
    reference: appeal.reference,
    date: appeal.decidedOn!,
    protectiveMarking: 'OFFICIAL-SENSITIVE',
    recipient: { name: f.applicantName, addressLines: [] },
    sender: chair && appeal.outcome !== 'criteria_not_met'
      ? { name: chair.displayName, role: 'Chair of the vetting appeal panel', unit: 'Force Vetting Unit' }
      : { name: appeal.decidedByLabel ?? 'Force Vetting Unit', role: 'Vetting appeals', unit: 'Force Vetting Unit' },
  };
  const further = f.furtherAppealToTribunal
    ? [{ heading: 'Further appeal', paragraphs: ['As a police officer, you may appeal to the Police Appeals Tribunal. The Force Vetting Unit can tell you how and by when.'] }]
    : [];

  if (appeal.outcome === 'criteria_not_met') {
    return {
      ...base,
      title: 'Vetting appeal: the appeal criteria are not met',
      sections: [
        { paragraphs: [`Dear ${f.applicantName},`, opening, 'Before an appeal goes to an appeal panel, we check it against the appeal criteria. I am sorry to tell you that your appeal does not meet them, so it will not go to a panel and the original decision stands.'] },
        { heading: 'Why your appeal cannot go ahead', paragraphs: ['Your appeal did not meet these criteria:'], bullets: unmetReasons(appeal) },
        ...further,
        { paragraphs: ['Yours sincerely,'] },
      ],
    };
  }
  const upheld = appeal.outcome === 'upheld';
  return {
    ...base,
    title: upheld ? 'Vetting appeal: upheld' : 'Vetting appeal: not upheld',
    sections: [
      { paragraphs: [`Dear ${f.applicantName},`, opening, `Your appeal was considered by a vetting appeal panel${appeal.panelDate ? ` on ${formatDate(appeal.panelDate)}` : ''}, independent of the person who made the original decision.`] },
      upheld
        ? { heading: 'The outcome', paragraphs: ['The panel has upheld your appeal.', REMEDY_WORDS[appeal.remedy ?? ''] ?? ''] }
        : { heading: 'The outcome', paragraphs: ['The panel has not upheld your appeal, so the original decision stands.', 'The panel considered your grounds of appeal carefully. Some information cannot be shared with you where sharing it could cause harm.'] },
      ...(upheld ? [] : further),
      { paragraphs: ['Yours sincerely,'] },
    ],
  };
}

/** The criteria the appeal failed, in the words of the criteria, and lateness with its dates. */
export function unmetReasons(appeal: Appeal): string[] {
  const reasons: string[] = [];
  if (!appeal.inTime && !appeal.lateAccepted) reasons.push(`It was received on ${formatDate(appeal.lodgedOn)}, after the time limit for appealing ended on ${formatDate(appeal.dueOn)}.`);
  const criteria = appeal.criteria ?? [];
  for (const c of criteria) if (c.kind === 'required' && !c.met) reasons.push(`${c.label}.`);
  const grounds = criteria.filter((c) => c.kind === 'ground');
  if (grounds.length && !grounds.some((g) => g.met)) reasons.push(`It does not show any of the grounds on which an appeal can be considered: ${grounds.map((g) => g.label.charAt(0).toLowerCase() + g.label.slice(1)).join('; or ')}.`);
  return reasons.length ? reasons : [label('criteria_not_met')];
}
