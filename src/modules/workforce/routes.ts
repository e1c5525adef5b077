import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { actorFrom } from '../../platform/access/guard.js';
import { canAny } from '../../platform/access/policy.js';
import { csrfAfterUpload } from '../../platform/http/csrf.js';
import { ConflictError, ValidationError, fieldErrorsFromZod } from '../../platform/http/errors.js';
import { presentFormErrors } from '../../platform/http/form-errors.js';
import { idParam, pageParam, textParam } from '../../platform/http/params.js';
import type { PersonPanel } from '../../platform/module.js';
import { FORCE_VETTING_LEVELS, NATIONAL_SECURITY_LEVELS, VETTING_LEVEL_LABELS } from '../../platform/reference.js';
import { paginationFor } from '../../platform/ui/pagination.js';
import {
  assignmentRows, importErrorRows, importErrorsCsv, peopleTableRows, personSummaryRows, postTableRows, protectedCharacteristicRows,
} from './presenters.js';
import { IMPORT_COLUMNS } from './import/columns.js';
import { IMPORT_MODES, PersonEditSchema, PostSchema, type ImportMode } from './schema.js';
import { PROTECTED_CHARACTERISTICS_PURPOSES, type WorkforceService } from './service.js';

const PAGE_SIZE = 25;
const IMPORT_TYPES = /\.(csv|xlsx)$/i;

export function workforceRoutes(service: WorkforceService, panels: () => PersonPanel[], uploadLimitBytes: number, onError: (err: unknown) => void): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: uploadLimitBytes, files: 1, fields: 10 } });

  router.get('/people', async (req, res) => {
    const actor = actorFrom(res);
    const q = textParam(req.query.q);
    const includeLeavers = req.query.leavers === 'yes';
    const page = pageParam(req.query.page);
    const result = await service.search(actor, { q, includeLeavers, page, pageSize: PAGE_SIZE });
    res.render('workforce/views/people.njk', {
      pageTitle: 'People', q, includeLeavers, rows: peopleTableRows(result.people), total: result.total, totalIsCapped: result.totalIsCapped,
      pagination: paginationFor('/people', { q, leavers: includeLeavers ? 'yes' : undefined }, page, PAGE_SIZE, result.total),
    });
  });

  router.get('/people/:id', async (req, res) => {
    const actor = actorFrom(res);
    const id = idParam(req.params.id);
    const { person, history } = await service.viewPersonWithHistory(actor, id);
    const loaded = await Promise.all(panels().map(async (p) => ({ panel: p, content: await p.load(actor, id) })));
    res.render('workforce/views/person.njk', {
      pageTitle: `${person.forenames} ${person.surname}`, person, summaryRows: personSummaryRows(person), historyRows: assignmentRows(history, 'post'),
      panels: loaded.filter((l) => l.content).map((l) => ({ id: l.panel.id, title: l.panel.title, ...l.content })),
      canEdit: canAny(actor.viewer, 'update', 'person'),
      canSeeProtected: canAny(actor.viewer, 'read', 'protected_characteristics'),
    });
  });

  router.get('/people/:id/edit', async (req, res) => {
    const person = await service.viewPerson(actorFrom(res), idParam(req.params.id));
    res.render('workforce/views/person-edit.njk', { pageTitle: `Edit ${person.forenames} ${person.surname}`, person, values: person });
  });

  router.post('/people/:id/edit', async (req, res) => {
    const actor = actorFrom(res);
    const id = idParam(req.params.id);
    const parsed = PersonEditSchema.safeParse(req.body);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
      await service.editPerson(actor, id, parsed.data);
      req.session.flash = { type: 'success', text: 'Changes saved' };
      res.redirect(`/people/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      const person = await service.viewPerson(actor, id);
      const conflict = err instanceof ConflictError;
      res.status(err.status).render('workforce/views/person-edit.njk', {
        pageTitle: `Edit ${person.forenames} ${person.surname}`, person, conflict,
        // On a conflict, show what is now saved so the user can re-apply their change knowingly.
        values: conflict ? person : { ...req.body, version: person.version },
        errors: presentFormErrors(conflict ? [{ field: 'forenames', message: err.message }] : err.details),
      });
    }
  });

  router.get('/people/:id/protected-characteristics', async (req, res) => {
    const person = await service.viewPerson(actorFrom(res), idParam(req.params.id));
    res.render('workforce/views/protected-purpose.njk', { pageTitle: 'Why do you need to see protected characteristics?', person, purposes: PROTECTED_CHARACTERISTICS_PURPOSES });
  });

  router.post('/people/:id/protected-characteristics', async (req, res) => {
    const actor = actorFrom(res);
    const id = idParam(req.params.id);
    const person = await service.viewPerson(actor, id);
    const purpose = String(req.body.purpose ?? '');
    if (!(PROTECTED_CHARACTERISTICS_PURPOSES as readonly string[]).includes(purpose)) {
      return res.status(400).render('workforce/views/protected-purpose.njk', {
        pageTitle: 'Why do you need to see protected characteristics?', person, purposes: PROTECTED_CHARACTERISTICS_PURPOSES,
        errors: presentFormErrors([{ field: 'purpose', message: 'Select why you need to see this person’s protected characteristics' }]),
      });
    }
    const pc = await service.viewProtectedCharacteristics(actor, id, purpose);
    res.render('workforce/views/protected-characteristics.njk', { pageTitle: 'Protected characteristics', person, purpose, rows: protectedCharacteristicRows(pc) });
  });

  router.get('/posts', async (req, res) => {
    const actor = actorFrom(res);
    const q = textParam(req.query.q);
    const filter = textParam(req.query.filter);
    const page = pageParam(req.query.page);
    const result = await service.listPosts(actor, { q, designated: filter === 'designated' ? true : undefined, vacant: filter === 'vacant', page, pageSize: PAGE_SIZE });
    res.render('workforce/views/posts.njk', {
      pageTitle: 'Posts', q, filter, rows: postTableRows(result.posts), total: result.total, canCreate: canAny(actor.viewer, 'create', 'post'),
      pagination: paginationFor('/posts', { q, filter }, page, PAGE_SIZE, result.total),
    });
  });

  const postFormContext = async (extra: Record<string, unknown>) => ({
    levels: FORCE_VETTING_LEVELS.map((l) => ({ value: l, text: VETTING_LEVEL_LABELS[l] })),
    nsvLevels: NATIONAL_SECURITY_LEVELS,
    units: (await service.units()).map((u) => ({ value: u.code, text: u.name })),
    ...extra,
  });

  router.get('/posts/new', async (_req, res) => {
    res.render('workforce/views/post-edit.njk', await postFormContext({ pageTitle: 'Create a post', values: { active: true } }));
  });

  router.post('/posts/new', async (req, res) => {
    const actor = actorFrom(res);
    const parsed = PostSchema.safeParse(req.body);
    const code = textParam(req.body.code, 40) ?? '';
    const codeError = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/.test(code) ? [] : [{ field: 'code', message: 'Enter a post code of letters, digits, dots, dashes or slashes' }];
    try {
      if (!parsed.success || codeError.length) throw new ValidationError([...codeError, ...(parsed.success ? [] : fieldErrorsFromZod(parsed.error))]);
      const id = await service.savePost(actor, parsed.data, { code });
      req.session.flash = { type: 'success', text: `Post ${code} created` };
      res.redirect(`/posts/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400).render('workforce/views/post-edit.njk', await postFormContext({ pageTitle: 'Create a post', values: req.body, errors: presentFormErrors(err.details) }));
    }
  });

  router.get('/posts/:id', async (req, res) => {
    const { post, history } = await service.viewPost(actorFrom(res), idParam(req.params.id));
    res.render('workforce/views/post.njk', { pageTitle: `${post.title} (${post.code})`, post, historyRows: assignmentRows(history, 'person'), canEdit: canAny(actorFrom(res).viewer, 'update', 'post') });
  });

  router.get('/posts/:id/edit', async (req, res) => {
    const { post } = await service.viewPost(actorFrom(res), idParam(req.params.id));
    res.render('workforce/views/post-edit.njk', await postFormContext({ pageTitle: `Edit ${post.code}`, post, values: { ...post, nationalSecurityLevel: post.nationalSecurityLevel ?? '' } }));
  });

  router.post('/posts/:id/edit', async (req, res) => {
    const actor = actorFrom(res);
    const id = idParam(req.params.id);
    const parsed = PostSchema.safeParse(req.body);
    const version = Number(req.body.version);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
      await service.savePost(actor, parsed.data, { id, version });
      req.session.flash = { type: 'success', text: 'Post saved' };
      res.redirect(`/posts/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      const { post } = await service.viewPost(actor, id);
      const conflict = err instanceof ConflictError;
      res.status(err.status).render('workforce/views/post-edit.njk', await postFormContext({
        pageTitle: `Edit ${post.code}`, post, conflict,
        values: conflict ? { ...post, nationalSecurityLevel: post.nationalSecurityLevel ?? '' } : { ...req.body, version: post.version },
        errors: presentFormErrors(conflict ? [{ field: 'title', message: err.message }] : err.details),
      }));
    }
  });

  router.get('/workforce/imports', async (_req, res) => {
    const actor = actorFrom(res);
    res.render('workforce/views/imports.njk', { pageTitle: 'Import people from HR', jobs: await service.recentImports(actor), limitMb: Math.round(uploadLimitBytes / 1024 / 1024) });
  });

  router.post('/workforce/imports', (req: Request, res: Response, next) => {
    upload.single('file')(req, res, (err: unknown) => {
      if (err) {
        const tooLarge = (err as { code?: string }).code === 'LIMIT_FILE_SIZE';
        return renderImportError(res, tooLarge ? `The file must be smaller than ${Math.round(uploadLimitBytes / 1024 / 1024)} MB` : 'The file could not be uploaded. Choose one CSV or Excel file.', uploadLimitBytes, service).catch(next);
      }
      csrfAfterUpload(req, res, next);
    });
  }, async (req, res) => {
    const actor = actorFrom(res);
    const file = req.file;
    const mode = (IMPORT_MODES as readonly string[]).includes(req.body.mode) ? (req.body.mode as ImportMode) : undefined;
    if (!file || file.size === 0) return renderImportError(res, 'Select a CSV or Excel file to import', uploadLimitBytes, service);
    if (!IMPORT_TYPES.test(file.originalname)) return renderImportError(res, 'The selected file must be a CSV or an Excel workbook (.xlsx)', uploadLimitBytes, service);
    if (!mode) return renderImportError(res, 'Select whether the file lists everyone or only changes', uploadLimitBytes, service, 'mode');
    const jobId = await service.startImport(actor, file.originalname);
    // The import runs after the response: the next page shows its progress.
    void service.runImport(actor, jobId, file.buffer, file.originalname, mode).catch(onError);
    res.redirect(303, `/workforce/imports/${jobId}`);
  });

  router.get('/workforce/imports/format', (_req, res) => {
    res.render('workforce/views/import-format.njk', { pageTitle: 'HR import format', columns: IMPORT_COLUMNS });
  });

  router.get('/workforce/imports/:id', async (req, res) => {
    const job = await service.importJob(actorFrom(res), idParam(req.params.id));
    const errors = job.errors ?? [];
    res.render('workforce/views/import.njk', {
      pageTitle: `Import of ${job.fileName}`, job, errorRows: importErrorRows(errors.slice(0, 500)), errorCount: errors.length, running: job.status === 'queued' || job.status === 'validating' || job.status === 'applying',
    });
  });

  router.get('/workforce/imports/:id/errors.csv', async (req, res) => {
    const job = await service.importJob(actorFrom(res), idParam(req.params.id));
    res.type('text/csv').attachment(`import-errors-${job.id}.csv`).send(importErrorsCsv(job.errors ?? []));
  });

  return router;
}

async function renderImportError(res: Response, message: string, uploadLimitBytes: number, service: WorkforceService, field = 'file') {
  const actor = actorFrom(res);
  res.status(400).render('workforce/views/imports.njk', {
    pageTitle: 'Import people from HR', jobs: await service.recentImports(actor), limitMb: Math.round(uploadLimitBytes / 1024 / 1024),
    errors: presentFormErrors([{ field, message }]),
  });
}

