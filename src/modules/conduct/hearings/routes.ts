import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import { letterDocument, renderPdf } from '../../../platform/documents/pdf.js';
import { ConflictError, NotFoundError, ValidationError, fieldErrorsFromZod } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';
import { idParam, pageParam } from '../../../platform/http/params.js';
import type { z } from '../../../platform/openapi/registry.js';
import { paginationFor } from '../../../platform/ui/pagination.js';
import { labelFor, options, prefixErrors } from '../presenters.js';
import { FINDINGS, OUTCOMES } from '../rules.js';
import { label } from './presenters.js';
import { HEARING_KINDS, IOPC_REVIEW_CRITERIA, IOPC_REVIEW_CRITERION_LABELS, PANEL_MEMBER_TYPES, REVIEW_OUTCOMES } from './rules.js';
import {
  BarredListSchema, ChairReportSchema, ConclusionSchema, HearingDetailsSchema, HearingOutcomeSchema, HearingSchema, LetterSchema, PanelSchema, PublishSchema, ReviewSchema, WithdrawSchema,
} from './schema.js';
import { todayInLondon, type HearingsService } from './service.js';

const VIEWS = 'conduct/hearings/views';
const PUBLIC_PAGE_SIZE = 20;

function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

/** The panel form posts one box per member slot (`member-<type>-<n>`); empty boxes are left out, so a short panel is refused. */
export function panelFromForm(body: Record<string, unknown>) {
  const panel = [];
  for (const [key, value] of Object.entries(body)) {
    const m = /^member-([a-z_]+)-(\d+)$/.exec(key);
    if (m && (PANEL_MEMBER_TYPES as readonly string[]).includes(m[1]!) && typeof value === 'string' && value.trim()) panel.push({ type: m[1], name: value, rankOrGrade: body[`rank-${m[1]}-${m[2]}`] });
  }
  return { panel, version: body.version };
}

export function hearingsRoutes(service: HearingsService): Router {
  const router = Router();
  const base = (id: string) => `/conduct/cases/${id}`;

  const hearingsPage = async (res: Response, id: string, status = 200, extra: Record<string, unknown> = {}) => {
    const actor = actorFrom(res);
    const data = await service.overview(actor, id);
    res.status(status).render(`${VIEWS}/hearings.njk`, {
      pageTitle: `Meetings and hearings on ${data.reference}`, caseId: id, ...data, label, kinds: options(HEARING_KINDS, label),
      subjectItems: data.subjectPersonIds.map((p) => ({ value: p, text: data.subjectNames[p] })), canUpdate: canAny(actor.viewer, 'update', 'conduct_case'), values: {}, ...extra,
    });
  };

  const hearingPage = async (res: Response, id: string, hearingId: string, status = 200, extra: Record<string, unknown> = {}) => {
    const actor = actorFrom(res);
    const data = await service.overview(actor, id);
    const hearing = data.hearings.find((h) => h.id === hearingId);
    if (!hearing) throw new NotFoundError('There is no such meeting or hearing on this case');
    res.status(status).render(`${VIEWS}/hearing.njk`, {
      pageTitle: `${labelFor(hearing.kind)} on ${data.reference}`, caseId: id, reference: data.reference, caseVersion: data.caseVersion, subjectNames: data.subjectNames, h: hearing, label, today: data.today,
      subjectItems: hearing.subjectPersonIds.map((p) => ({ value: p, text: data.subjectNames[p] })), findingOptions: options(FINDINGS, label), outcomeOptions: options(OUTCOMES, label),
      canUpdate: canAny(actor.viewer, 'update', 'conduct_case'), canDecide: canAny(actor.viewer, 'decide', 'conduct_case'), values: {}, ...extra,
    });
  };

  /** Posts one form; a user error shows its page again with that form's errors (ids prefixed by section) and values. */
  const action = (path: string, section: string, act: (req: Request, res: Response, id: string) => Promise<{ flash: string; to?: string }>, page: (res: Response, id: string, req: Request, status: number, extra: Record<string, unknown>) => Promise<unknown>, rename?: (f: string) => string) =>
    router.post(`/conduct/cases/:id/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      try {
        const done = await act(req, res, id);
        req.session.flash = { type: 'success', text: done.flash };
        res.redirect(done.to ?? `${base(id)}/hearings`);
      } catch (err) {
        if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
        const details = err instanceof ValidationError ? prefixErrors(section, err.details, rename) : [{ field: `${section}-version`, message: err.message }];
        await page(res, id, req, err.status, { errors: presentFormErrors(details), values: { [section]: req.body } });
      }
    });
  const onHearingsPage = (res: Response, id: string, _req: Request, status: number, extra: Record<string, unknown>) => hearingsPage(res, id, status, extra);
  const onHearingPage = (res: Response, id: string, req: Request, status: number, extra: Record<string, unknown>) => hearingPage(res, id, idParam(req.params.hearingId), status, extra);
  const hearingUrl = (id: string, req: Request) => `${base(id)}/hearings/${idParam(req.params.hearingId)}`;

  router.get('/conduct/cases/:id/hearings', async (req, res) => hearingsPage(res, idParam(req.params.id)));
  router.get('/conduct/cases/:id/hearings/:hearingId', async (req, res) => hearingPage(res, idParam(req.params.id), idParam(req.params.hearingId)));

  action('hearings', 'hearing', async (req, res, id) => {
    const hearingId = await service.schedule(actorFrom(res), id, parseForm(HearingSchema, req.body));
    return { flash: 'Meeting or hearing arranged: appoint its panel', to: `${base(id)}/hearings/${hearingId}` };
  }, onHearingsPage);

  action('hearings/:hearingId/details', 'details', async (req, res, id) => {
    await service.updateDetails(actorFrom(res), id, idParam(req.params.hearingId), parseForm(HearingDetailsSchema, req.body));
    return { flash: 'Details saved', to: hearingUrl(id, req) };
  }, onHearingPage);

  action('hearings/:hearingId/panel', 'panel', async (req, res, id) => {
    await service.appointPanel(actorFrom(res), id, idParam(req.params.hearingId), parseForm(PanelSchema, panelFromForm(req.body as Record<string, unknown>)));
    return { flash: 'Panel appointed', to: hearingUrl(id, req) };
  }, onHearingPage, () => 'panel');

  action('hearings/:hearingId/conclusion', 'conclusion', async (req, res, id) => {
    await service.conclude(actorFrom(res), id, idParam(req.params.hearingId), parseForm(ConclusionSchema, req.body));
    return { flash: 'Recorded as concluded: the chair’s report due date is shown', to: hearingUrl(id, req) };
  }, onHearingPage);

  action('hearings/:hearingId/chair-report', 'report', async (req, res, id) => {
    await service.chairReportReceived(actorFrom(res), id, idParam(req.params.hearingId), parseForm(ChairReportSchema, req.body));
    return { flash: 'Chair’s report recorded as received', to: hearingUrl(id, req) };
  }, onHearingPage);

  action('hearings/:hearingId/outcomes', 'outcome', async (req, res, id) => {
    await service.recordOutcome(actorFrom(res), id, idParam(req.params.hearingId), parseForm(HearingOutcomeSchema, req.body));
    return { flash: 'Outcome recorded', to: hearingUrl(id, req) };
  }, onHearingPage);

  action('hearings/:hearingId/outcomes/:outcomeId/barred-list', 'barred', async (req, res, id) => {
    await service.recordBarredListReferral(actorFrom(res), id, idParam(req.params.hearingId), idParam(req.params.outcomeId), parseForm(BarredListSchema, req.body));
    return { flash: 'Referral to the barred list recorded', to: hearingUrl(id, req) };
  }, onHearingPage);

  action('hearings/:hearingId/publications', 'publish', async (req, res, id) => {
    const body = parseForm(PublishSchema, req.body);
    await service.publish(actorFrom(res), id, idParam(req.params.hearingId), body);
    return { flash: body.kind === 'notice' ? 'Notice published on the public page' : 'Outcome published on the public page', to: hearingUrl(id, req) };
  }, onHearingPage);

  action('hearings/:hearingId/publications/:publicationId/withdrawal', 'withdraw', async (req, res, id) => {
    await service.withdraw(actorFrom(res), id, idParam(req.params.hearingId), idParam(req.params.publicationId), parseForm(WithdrawSchema, req.body));
    return { flash: 'Withdrawn from the public page', to: hearingUrl(id, req) };
  }, onHearingPage);

  // Letters to complainants.
  const lettersPage = async (res: Response, id: string, status = 200, extra: Record<string, unknown> = {}) => {
    const actor = actorFrom(res);
    const data = await service.letters(actor, id);
    res.status(status).render(`${VIEWS}/letters.njk`, {
      pageTitle: `Letters to complainants on ${data.reference}`, caseId: id, ...data, label, today: todayInLondon(),
      complainantItems: data.complainants.map((c) => ({ value: c.id, text: c.text })),
      criteriaItems: IOPC_REVIEW_CRITERIA.filter((c) => c !== 'referred_to_iopc').map((c) => ({ value: c, text: IOPC_REVIEW_CRITERION_LABELS[c] })),
      reviewOutcomeItems: [{ value: '', text: 'Not decided yet' }, ...options(REVIEW_OUTCOMES, label)], canUpdate: canAny(actor.viewer, 'update', 'conduct_case'), values: {}, ...extra,
    });
  };
  const onLettersPage = (res: Response, id: string, _req: Request, status: number, extra: Record<string, unknown>) => lettersPage(res, id, status, extra);

  router.get('/conduct/cases/:id/letters', async (req, res) => lettersPage(res, idParam(req.params.id)));
  action('letters', 'letter', async (req, res, id) => {
    const letterId = await service.createLetter(actorFrom(res), id, parseForm(LetterSchema, req.body));
    return { flash: 'Letter prepared: print it or download the PDF', to: `${base(id)}/letters/${letterId}` };
  }, onLettersPage);
  action('letters/:letterId/review', 'review', async (req, res, id) => {
    await service.recordReview(actorFrom(res), id, idParam(req.params.letterId), parseForm(ReviewSchema, req.body));
    return { flash: 'Review recorded', to: `${base(id)}/letters` };
  }, (res, id, req, status, extra) => lettersPage(res, id, status, { ...extra, reviewLetterId: idParam(req.params.letterId) }));

  router.get('/conduct/cases/:id/letters/:letterId', async (req, res) => {
    const id = idParam(req.params.id);
    const letterId = idParam(req.params.letterId);
    const letter = await service.letterDocument(actorFrom(res), id, letterId);
    res.render(`${VIEWS}/letter.njk`, { pageTitle: letter.title, letter, caseId: id, letterId });
  });
  router.get('/conduct/cases/:id/letters/:letterId/letter.pdf', async (req, res) => {
    const letter = await service.letterDocument(actorFrom(res), idParam(req.params.id), idParam(req.params.letterId));
    res.type('application/pdf').attachment(`${letter.reference}-letter.pdf`).send(await renderPdf(letterDocument(letter)));
  });

  return router;
}

/** The public page of forthcoming public hearings and their outcomes: no sign-in, only what is published today. */
export function hearingsPublicRoutes(service: HearingsService): Router {
  const router = Router();
  router.get('/hearings', async (req, res) => {
    const page = pageParam(req.query.page);
    const { items, total } = await service.publicHearings(page, PUBLIC_PAGE_SIZE);
    res.render(`${VIEWS}/public-hearings.njk`, { pageTitle: 'Police misconduct hearings', items, total, label, pagination: paginationFor('/hearings', {}, page, PUBLIC_PAGE_SIZE, total) });
  });
  return router;
}
