// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/moj-frontend.min.js';

initAll();
initMoj();

// Import progress: poll the job's JSON status instead of reloading the whole page.
const progress = document.querySelector('[data-import-progress]');
if (progress) {
  const url = progress.getAttribute('data-import-progress');
  const bar = progress.querySelector('progress');
  const text = progress.querySelector('[data-import-progress-text]');
  const tick = async () => {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) return;
    const job = await res.json();
    if (bar && job.totalRows) { bar.max = job.totalRows; bar.value = job.processedRows; }
    if (text) text.textContent = `${job.processedRows} of ${job.totalRows ?? '?'} rows checked`;
    if (job.status === 'running' || job.status === 'queued') setTimeout(tick, 1000);
    else window.location.reload();
  };
  setTimeout(tick, 1000);
}
