import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { canAny, type Viewer } from '../../../platform/access/policy.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, fieldErrorsFromZod, type FieldError } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';
import { idParam, textParam } from '../../../platform/http/params.js';
import { formatDate } from '../../../platform/ui/nunjucks.js';
import { labelFor } from '../presenters.js';
import { APPLICATION_KINDS } from '../rules.js';
import { csvFileName } from './api.js';
import { ASKED_KEYS, CHARACTERISTICS, CHARACTERISTIC_KEYS, EqualityFormSchema, canBeReference, groupsOf, type CharacteristicKey } from './characteristics.js';
import { chartModel, periodText, tableRows, type DisplayReport } from './presenters.js';
import { OUTCOME_LABELS, REPORT_OUTCOMES } from './report.js';
import { OverviewQuerySchema, ReportQuerySchema } from './schema.js';
import { ReportSettingsSchema, managesReport, type DisproportionalityService } from './service.js';

const VIEWS = 'vetting/disproportionality/views';
const options = (values: readonly string[], label: (v: string) => string, selected?: string) => values.map((v) => ({ value: v, text: label(v), selected: v === selected }));

/** The filter form's choices, with the current values selected. */
function filterChoices(values: Record<string, unknown>) {
  const characteristic = (CHARACTERISTIC_KEYS as string[]).includes(String(values.characteristic)) ? (values.characteristic as CharacteristicKey) : 'ethnicity';
  return {
    characteristics: options(CHARACTERISTIC_KEYS, (k) => CHARACTERISTICS[k as CharacteristicKey].label, characteristic),
    outcomes: options(REPORT_OUTCOMES, (o) => OUTCOME_LABELS[o as keyof typeof OUTCOME_LABELS], String(values.outcome ?? 'refusal')),
    kinds: [{ value: '', text: 'All kinds' }, ...options(APPLICATION_KINDS, labelFor, String(values.kind ?? ''))],
    references: [
      { value: '', text: 'Default for this characteristic' },
      ...options(groupsOf(characteristic).filter((g) => canBeReference(characteristic, g)), (g) => g, String(values.reference ?? '')),
    ],
  };
}

/** A query string carrying the same filters (for the CSV link and the overview's links). */
function queryString(values: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && v) q.set(k, v);
  return q.toString();
}

/** A bad filter from someone who may not read the report is answered 403, not with the form (a valid one is refused, and audited, by the service). */
function canRead<E>(viewer: Viewer, error: E): E {
  if (!canAny(viewer, 'read', 'aggregate_report')) throw new ForbiddenError();
  return error;
}

const summaryOf = (display: DisplayReport) =>
  `${display.outcomeLabel} by ${display.characteristicLabel.toLowerCase()}, ${periodText(display.from, display.to, formatDate)}${display.kind ? `, ${labelFor(display.kind).toLowerCase()} applications` : ''}`;

export function disproportionalityRoutes(service: DisproportionalityService): Router {
  const router = Router();

  router.get('/vetting/disproportionality', async (req, res) => {
    const actor = actorFrom(res);
    const values = req.query as Record<string, unknown>;
    const render = (status: number, extra: Record<string, unknown>) =>
      res.status(status).render(`${VIEWS}/report.njk`, {
        pageTitle: 'Vetting disproportionality', values, choices: filterChoices(values), canExport: canAny(actor.viewer, 'export', 'aggregate_report'),
        canManage: managesReport(actor.viewer), ...extra,
      });
    const parsed = ReportQuerySchema.safeParse(values);
    if (!parsed.success) return render(400, { errors: presentFormErrors(fieldErrorsFromZod(canRead(actor.viewer, parsed.error))) });
    try {
      const display = await service.report(actor, parsed.data);
      render(200, {
        display, summary: summaryOf(display), chart: chartModel(display), rows: tableRows(display),
        csvHref: `/vetting/disproportionality/csv?${queryString({ ...values, characteristic: parsed.data.characteristic, outcome: parsed.data.outcome })}`,
        overviewHref: `/vetting/disproportionality/overview?${queryString({ outcome: parsed.data.outcome, from: values.from, to: values.to, kind: values.kind })}`,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      render(400, { errors: presentFormErrors(err.details) });
    }
  });

  router.get('/vetting/disproportionality/csv', async (req, res) => {
    const parsed = ReportQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    const csv = await service.csv(actorFrom(res), parsed.data);
    res.type('text/csv').attachment(csvFileName(parsed.data)).send(csv);
  });

  router.get('/vetting/disproportionality/overview', async (req, res) => {
    const values = req.query as Record<string, unknown>;
    const render = (status: number, extra: Record<string, unknown>) =>
      res.status(status).render(`${VIEWS}/overview.njk`, { pageTitle: 'Vetting disproportionality: overview', values, choices: filterChoices(values), ...extra });
    const parsed = OverviewQuerySchema.safeParse(values);
    if (!parsed.success) return render(400, { errors: presentFormErrors(fieldErrorsFromZod(canRead(actorFrom(res).viewer, parsed.error))) });
    const reports = await service.overview(actorFrom(res), parsed.data);
    const filters = queryString({ outcome: parsed.data.outcome, from: values.from, to: values.to, kind: values.kind });
    render(200, {
      outcomeLabel: OUTCOME_LABELS[parsed.data.outcome], period: periodText(parsed.data.from ?? null, parsed.data.to ?? null, formatDate), stageRecorded: reports[0]?.stageRecorded ?? true,
      characteristics: reports.map((r) => ({
        label: r.characteristicLabel, reference: r.reference, href: `/vetting/disproportionality?characteristic=${r.characteristic}&${filters}`,
        flagged: tableRows(r).filter((row) => row.flag),
      })),
    });
  });

  // ---- settings (the force vetting manager) ----------------------------------------------------------------

  const settingsPage = async (res: Response, status = 200, submitted?: Record<string, unknown>, errors?: FieldError[]) => {
    const current = await service.settingsForEdit(actorFrom(res));
    const values = submitted ?? {
      suppressBelow: String(current.suppressBelow), appealsDenominator: current.appealsDenominator,
      ...Object.fromEntries(CHARACTERISTIC_KEYS.map((k) => [`reference-${k}`, current.referenceGroups[k] ?? ''])),
      ...Object.fromEntries(Object.entries(current.versions).map(([k, v]) => [`version-${k}`, String(v)])),
    };
    res.status(status).render(`${VIEWS}/settings.njk`, {
      pageTitle: 'Disproportionality report settings', values, errors: errors && presentFormErrors(errors),
      references: CHARACTERISTIC_KEYS.map((k) => ({
        key: k, label: CHARACTERISTICS[k].label,
        items: [{ value: '', text: 'The largest group' }, ...options(CHARACTERISTICS[k].categories.filter((g) => canBeReference(k, g)), (g) => g, String(values[`reference-${k}`] ?? ''))],
      })),
    });
  };

  router.get('/vetting/disproportionality/settings', (_req, res) => settingsPage(res));

  router.post('/vetting/disproportionality/settings', async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const parsed = ReportSettingsSchema.safeParse({
      suppressBelow: typeof form.suppressBelow === 'string' && form.suppressBelow.trim() ? form.suppressBelow.trim() : undefined,
      appealsDenominator: form.appealsDenominator,
      referenceGroups: Object.fromEntries(CHARACTERISTIC_KEYS.filter((k) => form[`reference-${k}`]).map((k) => [k, form[`reference-${k}`]])),
      versions: Object.fromEntries(['suppressBelow', 'referenceGroups', 'appealsDenominator'].map((k) => [k, form[`version-${k}`]])),
    });
    // Field names in the form: referenceGroups.ethnicity is the select reference-ethnicity.
    const fieldOf = (e: FieldError) => ({ ...e, field: e.field.replace(/^referenceGroups\./, 'reference-').replace(/^versions\..*/, 'suppressBelow') });
    if (!parsed.success) return settingsPage(res, 400, form, fieldErrorsFromZod(parsed.error).map(fieldOf));
    try {
      await service.updateSettings(actorFrom(res), parsed.data);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return settingsPage(res, 409, undefined, [{ field: 'suppressBelow', message: err.message }]);
    }
    req.session.flash = { type: 'success', text: 'Settings saved' };
    res.redirect('/vetting/disproportionality/settings');
  });

  // ---- equality monitoring ----------------------------------------------------------------------------------

  router.get('/vetting/equality', async (req, res) => {
    const actor = actorFrom(res);
    const reference = textParam(req.query.reference, 40);
    const render = (status: number, errors?: FieldError[]) =>
      res.status(status).render(`${VIEWS}/equality-find.njk`, { pageTitle: 'Record equality monitoring', reference, errors: errors && presentFormErrors(errors) });
    if (!canAny(actor.viewer, 'update', 'protected_characteristics')) throw new ForbiddenError();
    if (!reference) return render(req.query.reference === undefined ? 200 : 400, req.query.reference === undefined ? undefined : [{ field: 'reference', message: 'Enter the application reference' }]);
    try {
      res.redirect(`/vetting/applications/${await service.applicationIdFor(actor, reference)}/equality`);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      render(404, [{ field: 'reference', message: `There is no vetting application with the reference ${reference}` }]);
    }
  });

  const equalityPage = async (req: Request, res: Response, status = 200, errors?: FieldError[]) => {
    const id = idParam(req.params.id);
    const { reference, status: monitoring } = await service.status(actorFrom(res), id);
    res.status(status).render(`${VIEWS}/equality.njk`, {
      pageTitle: `Equality monitoring for ${reference}`, applicationId: id, reference, monitoring, errors: errors && presentFormErrors(errors),
      questions: ASKED_KEYS.map((k) => ({ key: k, label: CHARACTERISTICS[k].label, items: CHARACTERISTICS[k].categories.map((c) => ({ value: c, text: c })) })),
      statusRows: [
        ...ASKED_KEYS.map((k) => ({ key: { text: CHARACTERISTICS[k].label }, value: { text: monitoring.answered[k] ? 'Recorded' : 'Not recorded' } })),
        { key: { text: 'Age band (from the date of birth on the application)' }, value: { text: monitoring.ageBandKnown ? 'Recorded' : 'Not recorded' } },
      ],
    });
  };

  router.get('/vetting/applications/:id/equality', (req, res) => equalityPage(req, res));

  router.post('/vetting/applications/:id/equality', async (req, res) => {
    const id = idParam(req.params.id);
    const parsed = EqualityFormSchema.safeParse(req.body);
    // On an error the form is shown again empty: it never echoes an answer, not even one just typed.
    if (!parsed.success) return equalityPage(req, res, 400, fieldErrorsFromZod(parsed.error));
    try {
      await service.record(actorFrom(res), id, parsed.data);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return equalityPage(req, res, 409, [{ field: ASKED_KEYS[0], message: err.message }]);
    }
    req.session.flash = { type: 'success', text: 'Equality monitoring recorded' };
    res.redirect(`/vetting/applications/${id}/equality`);
  });

  return router;
}
