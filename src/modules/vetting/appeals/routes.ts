import { Router, type Request, type Response } from 'express';
import { actorFrom, type ActorContext } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import { ValidationError } from '../../../platform/http/errors.js';
import { idParam, pageParam } from '../../../platform/http/params.js';
import { letterDocument, renderPdf } from '../../../platform/documents/pdf.js';
import { paginationFor } from '../../../platform/ui/pagination.js';
import { lines, parseForm, submitForm, typed, type FormErrors } from './forms.js';
import { label } from './presenters.js';
import { REMEDIES } from './rules.js';
import { AppealOutcomeSchema, CriteriaCheckSchema, LodgeAppealSchema, PanelSchema } from './schema.js';
import type { AppealsService } from './service.js';

const PAGE_SIZE = 25;
const VIEWS = 'vetting/appeals/views';
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

export function appealsRoutes(service: AppealsService): Router {
  const router = Router();
  const base = (applicationId: string, appealId: string) => `/vetting/applications/${applicationId}/appeals/${appealId}`;
  const ids = (req: Request) => ({ applicationId: idParam(req.params.id), appealId: idParam(req.params.appealId) });
  const permissions = (actor: ActorContext) => ({ canUpdate: canAny(actor.viewer, 'update', 'vetting_case'), canDecide: canAny(actor.viewer, 'decide', 'vetting_case') });

  router.get('/vetting/appeals', async (req, res) => {
    const actor = actorFrom(res);
    const state = req.query.state === 'decided' ? 'decided' : 'open';
    const page = pageParam(req.query.page);
    const { appeals, total } = await service.list(actor, { open: state === 'open', page, pageSize: PAGE_SIZE });
    res.render(`${VIEWS}/appeals.njk`, { pageTitle: 'Vetting appeals', state, appeals, total, label, pagination: paginationFor('/vetting/appeals', { state }, page, PAGE_SIZE, total) });
  });

  // Lodging
  const lodgePage = async (res: Response, applicationId: string, status: number, values: Record<string, unknown>, errors?: FormErrors) => {
    const { facts, options } = await service.lodgeForm(actorFrom(res), applicationId);
    res.status(status).render(`${VIEWS}/lodge.njk`, { pageTitle: `Lodge an appeal: ${facts.reference}`, facts, options, values, errors, label });
  };
  router.get('/vetting/applications/:id/appeals/new', async (req, res) => {
    const against = typeof req.query.against === 'string' ? req.query.against : undefined;
    await lodgePage(res, idParam(req.params.id), 200, { lodgedOn: today(), against });
  });
  router.post('/vetting/applications/:id/appeals/new', async (req, res) => {
    const applicationId = idParam(req.params.id);
    await submitForm(req, res, {
      conflictField: 'against',
      submit: async () => {
        const created = await service.lodge(actorFrom(res), applicationId, parseForm(LodgeAppealSchema, req.body));
        return { redirect: base(applicationId, created.id), flash: `Appeal ${created.reference} lodged` };
      },
      redisplay: (status, errors) => lodgePage(res, applicationId, status, req.body as Record<string, unknown>, errors),
    });
  });

  // The appeal page
  router.get('/vetting/applications/:id/appeals/:appealId', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    const actor = actorFrom(res);
    const view = await service.view(actor, appealId, applicationId);
    res.render(`${VIEWS}/appeal.njk`, { pageTitle: `Appeal ${view.appeal.reference}`, ...view, base: base(applicationId, appealId), label, ...permissions(actor) });
  });

  /** A step's form page, shown after the appeal has been read (authorised and audited). */
  const stepPage = (template: string, title: string) => async (res: Response, applicationId: string, appealId: string, status: number, values: Record<string, unknown>, errors?: FormErrors) => {
    const actor = actorFrom(res);
    const view = await service.view(actor, appealId, applicationId);
    res.status(status).render(`${VIEWS}/${template}`, {
      pageTitle: `${title}: ${view.appeal.reference}`, ...view, base: base(applicationId, appealId), values: { version: view.appeal.version, ...values }, errors, label,
      remedies: REMEDIES[view.appeal.against].map((r) => ({ value: r, text: label(r) })), today: today(), ...permissions(actor),
    });
  };

  const criteriaPage = stepPage('criteria.njk', 'Appeal criteria');
  router.get('/vetting/applications/:id/appeals/:appealId/criteria', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    await criteriaPage(res, applicationId, appealId, 200, {});
  });
  router.post('/vetting/applications/:id/appeals/:appealId/criteria', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    const body = req.body as Record<string, string>;
    const codes = Object.keys(body).filter((k) => k.startsWith('notes_')).map((k) => k.slice('notes_'.length));
    await submitForm(req, res, {
      conflictField: 'version',
      submit: async () => {
        const parsed = parseForm(CriteriaCheckSchema, {
          version: body.version, lateAccepted: body.lateAccepted, lateNote: body.lateNote,
          criteria: codes.map((code) => ({ code, met: body[`met_${code}`], notes: body[`notes_${code}`] })),
        });
        const { met } = await service.checkCriteria(actorFrom(res), appealId, parsed);
        return { redirect: base(applicationId, appealId), flash: met ? 'Criteria met: appoint the appeal panel' : 'Criteria not met: the appeal has ended and its letter is ready' };
      },
      redisplay: (status, errors) => criteriaPage(res, applicationId, appealId, status, typed(status, body), errors),
    });
  });

  const panelPage = stepPage('panel.njk', 'Appeal panel');
  router.get('/vetting/applications/:id/appeals/:appealId/panel', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    await panelPage(res, applicationId, appealId, 200, {});
  });
  router.post('/vetting/applications/:id/appeals/:appealId/panel', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    const body = req.body as Record<string, string>;
    await submitForm(req, res, {
      conflictField: 'chair',
      // The chair is the first member; everyone else is in the members box.
      field: (f) => (/^members\.0(\.|$)/.test(f) ? 'chair' : f.startsWith('members.') ? 'members' : f),
      submit: async () => {
        const chair = (body.chair ?? '').trim();
        const members = [...(chair ? [{ username: chair, role: 'chair' }] : []), ...lines(body.members).map((username) => ({ username, role: 'member' }))];
        if (!chair) throw new ValidationError([{ field: 'members.0', message: 'Enter the username of the chair' }]);
        await service.appointPanel(actorFrom(res), appealId, parseForm(PanelSchema, { version: body.version, panelDate: body.panelDate, members }));
        return { redirect: base(applicationId, appealId), flash: 'Appeal panel appointed' };
      },
      redisplay: (status, errors) => panelPage(res, applicationId, appealId, status, typed(status, body), errors),
    });
  });

  const outcomePage = stepPage('outcome.njk', 'Appeal outcome');
  router.get('/vetting/applications/:id/appeals/:appealId/outcome', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    await outcomePage(res, applicationId, appealId, 200, {});
  });
  router.post('/vetting/applications/:id/appeals/:appealId/outcome', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    const body = req.body as Record<string, string>;
    await submitForm(req, res, {
      conflictField: 'outcome',
      submit: async () => {
        await service.decide(actorFrom(res), appealId, parseForm(AppealOutcomeSchema, { ...body, remedy: body.outcome === 'upheld' ? body.remedy : undefined }));
        return { redirect: base(applicationId, appealId), flash: 'Appeal outcome recorded' };
      },
      redisplay: (status, errors) => outcomePage(res, applicationId, appealId, status, typed(status, body), errors),
    });
  });

  router.get('/vetting/applications/:id/appeals/:appealId/letter', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    const letter = await service.letter(actorFrom(res), appealId, applicationId);
    res.render(`${VIEWS}/letter.njk`, { pageTitle: letter.title, letter, base: base(applicationId, appealId) });
  });
  router.get('/vetting/applications/:id/appeals/:appealId/letter.pdf', async (req, res) => {
    const { applicationId, appealId } = ids(req);
    const letter = await service.letter(actorFrom(res), appealId, applicationId);
    res.type('application/pdf').attachment(`${letter.reference}-appeal.pdf`).send(await renderPdf(letterDocument(letter)));
  });

  return router;
}
