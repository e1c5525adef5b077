import type { PoolEntry } from './data.js';
import { FINDING_LABELS } from './sampling.js';

const shareFormat = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

type Selected = Pick<PoolEntry, 'eligible' | 'draw' | 'sampleShare' | 'selection' | 'addedByLabel'>;

/** How the decision came to be sampled (or not), with the figures anyone can check against the rule. */
export function selectionSummary(e: Selected): string {
  const draw = e.draw.toFixed(4);
  const share = shareFormat.format(e.sampleShare);
  switch (e.selection) {
    case 'share': return `Sampled: its draw of ${draw} is below the share of ${share}`;
    case 'all_refusals': return 'Sampled: every refusal is sampled';
    case 'by_hand': return `Added to the sample by ${e.addedByLabel ?? 'the force vetting manager'}` + (e.eligible ? ` (its draw of ${draw} was not below the share of ${share})` : ' (not in the pool by rule)');
    default: return `Not sampled: its draw of ${draw} is not below the share of ${share}`;
  }
}

/** Where the decision stands in quality assurance, in a few words. */
export function qaState(e: Pick<PoolEntry, 'selection' | 'finding'>): string {
  if (e.finding) return `Quality-assured: ${FINDING_LABELS[e.finding.finding].toLowerCase()}`;
  return e.selection ? 'Sampled, awaiting quality assurance' : 'In the pool, not sampled';
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "November 2026" for 2026-11; other keys (a total) pass through. */
export function monthLabel(month: string): string {
  return /^\d{4}-\d{2}$/.test(month) ? monthFormat.format(new Date(`${month}-15T12:00:00Z`)) : month;
}

/** A row's learning themes as "Theme (2); Other theme (1)", most used first. */
export function themeCounts(themes: Record<string, number>): string {
  return Object.entries(themes).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t, n]) => `${t} (${n})`).join('; ');
}
