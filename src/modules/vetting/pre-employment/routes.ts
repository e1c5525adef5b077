import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { actorFrom } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import { csrfAfterUpload } from '../../../platform/http/csrf.js';
import { ConflictError, ValidationError, type FieldError } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';
import { idParam } from '../../../platform/http/params.js';
import { parseOrThrow } from '../../../platform/http/validate.js';
import type { ApplicationFacts, EmploymentEntry, Interview, Qualification } from './data.js';
import {
  arrangementsText, fileSizeText, gapText, interviewStateText, labelFor, periodText, statusTag, verificationText,
} from './presenters.js';
import { HISTORY_KINDS, VERIFICATION_METHODS, londonDateAndTime } from './rules.js';
import {
  CopyGivenSchema, EmploymentEditSchema, EmploymentEntrySchema, InterviewOutcomeSchema, InterviewRescheduleSchema, InterviewScheduleSchema,
  QualificationEditSchema, QualificationSchema, VersionQuery,
} from './schema.js';
import { ApplicationClosedError, type PreEmploymentService, type RecordFile } from './service.js';

const VIEWS = 'vetting/pre-employment/views';
const overviewPath = (id: string) => `/vetting/applications/${id}/pre-employment`;
const options = (values: readonly string[]) => values.map((v) => ({ value: v, text: labelFor(v) }));
const KIND_HINTS: Record<string, string> = {
  self_employment: 'Give the business name as the organisation', education: 'School, college, university or training',
  armed_forces: 'Regular or reserve service', career_break: 'For example caring, travel or a gap year',
};
const KIND_ITEMS = HISTORY_KINDS.map((k) => ({ value: k, text: labelFor(k), ...(KIND_HINTS[k] ? { hint: { text: KIND_HINTS[k] } } : {}) }));
const PRESENTERS = { label: labelFor, statusTag, verificationText, periodText, gapText, arrangementsText, interviewStateText, fileSizeText };

/** A user's mistake comes back to the form; a closed application and anything else go to the error page. */
const isFormProblem = (err: unknown): err is ValidationError | ConflictError =>
  !(err instanceof ApplicationClosedError) && (err instanceof ValidationError || err instanceof ConflictError);
const problems = (err: ValidationError | ConflictError, conflictField: string): FieldError[] =>
  err instanceof ValidationError ? err.details : [{ field: conflictField, message: err.message }];

/** Which record a form edits (none when adding), its errors, and the application when already read. */
interface FormOptions {
  entryId?: string;
  errors?: FieldError[];
  application?: ApplicationFacts;
}

const employmentValues = (e: EmploymentEntry) => ({ ...e, toOn: e.toOn ?? '' });
const qualificationValues = (q: Qualification) => ({ ...q, neededForPost: q.neededForPost ? 'yes' : 'no' });
const interviewValues = (i: Interview) => {
  const { date, time } = londonDateAndTime(i.scheduledAt);
  return { scheduledOn: date, scheduledTime: time, mode: i.mode, location: i.location ?? '', interviewerName: i.interviewerName, version: i.version };
};

export function preEmploymentRoutes(service: PreEmploymentService): Router {
  const router = Router();
  const limitMb = Math.round(service.recordLimitBytes / 1024 / 1024);
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: service.recordLimitBytes, files: 1, fields: 20 } }).single('record');

  /** Parses a multipart form, then checks its CSRF token; an upload the limits refuse becomes a message for the form. */
  const receiveUpload = (req: Request, res: Response): Promise<{ error?: string; file?: RecordFile }> =>
    new Promise((resolve, reject) => {
      upload(req, res, (err: unknown) => {
        if (err) {
          const tooLarge = (err as { code?: string }).code === 'LIMIT_FILE_SIZE';
          return resolve({ error: tooLarge ? `The record must be smaller than ${limitMb} MB` : 'The file could not be uploaded. Choose one PDF, Word or plain text file.' });
        }
        csrfAfterUpload(req, res, (csrfErr?: unknown) => {
          if (csrfErr) return reject(csrfErr);
          const f = req.file;
          resolve({ file: f && f.size > 0 ? { fileName: f.originalname, bytes: new Uint8Array(f.buffer.buffer, f.buffer.byteOffset, f.buffer.byteLength) } : undefined });
        });
      });
    });

  const canChange = (res: Response, application: ApplicationFacts) => canAny(actorFrom(res).viewer, 'update', 'vetting_case') && application.status === 'open';
  const done = (req: Request, res: Response, id: string, text: string, anchor: string) => {
    req.session.flash = { type: 'success', text };
    res.redirect(`${overviewPath(id)}${anchor}`);
  };

  // ---- the overview ----

  router.get('/vetting/applications/:id/pre-employment', async (req, res) => {
    const view = await service.overview(actorFrom(res), idParam(req.params.id));
    res.render(`${VIEWS}/overview.njk`, { pageTitle: `Pre-employment checks: ${view.application.reference}`, ...view, ...PRESENTERS, canChange: canChange(res, view.application) });
  });

  // ---- employment history ----

  /** A form page; `o.application` when the caller has already read it (an edit), so the read is audited once. */
  const employmentForm = async (res: Response, id: string, status: number, values: Record<string, unknown>, o: FormOptions = {}) => {
    const { entryId, errors } = o;
    const application = o.application ?? (await service.prepareForm(actorFrom(res), id));
    const { years } = await service.coverageRules();
    res.status(status).render(`${VIEWS}/employment-form.njk`, {
      pageTitle: entryId ? 'Change an employment history entry' : 'Add an employment history entry', application, values, years, kinds: KIND_ITEMS, verificationMethods: options(VERIFICATION_METHODS),
      action: `${overviewPath(id)}/employment/${entryId ?? 'new'}`, backHref: `${overviewPath(id)}#employment-history`, errors: errors && presentFormErrors(errors),
    });
  };

  router.get('/vetting/applications/:id/pre-employment/employment/new', async (req, res) => employmentForm(res, idParam(req.params.id), 200, {}));

  router.post('/vetting/applications/:id/pre-employment/employment/new', async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await service.addEmployment(actorFrom(res), id, parseOrThrow(EmploymentEntrySchema, req.body));
      done(req, res, id, 'Employment history entry added', '#employment-history');
    } catch (err) {
      if (!isFormProblem(err)) throw err;
      await employmentForm(res, id, err.status, req.body, { errors: problems(err, 'kind') });
    }
  });

  router.get('/vetting/applications/:id/pre-employment/employment/:entryId', async (req, res) => {
    const id = idParam(req.params.id);
    const { application, entry } = await service.employmentEntry(actorFrom(res), id, idParam(req.params.entryId), true);
    await employmentForm(res, id, 200, employmentValues(entry), { entryId: entry.id, application });
  });

  router.post('/vetting/applications/:id/pre-employment/employment/:entryId', async (req, res) => {
    const id = idParam(req.params.id);
    const entryId = idParam(req.params.entryId);
    try {
      await service.editEmployment(actorFrom(res), id, entryId, parseOrThrow(EmploymentEditSchema, req.body));
      done(req, res, id, 'Employment history entry changed', '#employment-history');
    } catch (err) {
      if (!isFormProblem(err)) throw err;
      // After a conflict the form shows the entry as it is now, with its new version.
      if (!(err instanceof ConflictError)) return employmentForm(res, id, err.status, req.body, { entryId, errors: problems(err, 'kind') });
      const { application, entry } = await service.employmentEntry(actorFrom(res), id, entryId, true);
      await employmentForm(res, id, err.status, employmentValues(entry), { entryId, application, errors: problems(err, 'kind') });
    }
  });

  const removePage = (res: Response, status: number, o: { application: ApplicationFacts; what: string; rows: { key: { text: string }; value: { text: string } }[]; action: string; version: number; anchor: string; errors?: FieldError[] }) =>
    res.status(status).render(`${VIEWS}/remove.njk`, {
      pageTitle: `Remove this ${o.what}?`, application: o.application, rows: o.rows, action: o.action, version: o.version, submitText: `Remove ${o.what}`,
      backHref: `${overviewPath(o.application.id)}${o.anchor}`, errors: o.errors && presentFormErrors(o.errors),
    });

  const employmentRemoval = async (res: Response, id: string, entryId: string, status = 200, errors?: FieldError[]) => {
    const { application, entry } = await service.employmentEntry(actorFrom(res), id, entryId, true);
    removePage(res, status, {
      application, what: 'employment history entry', action: `${overviewPath(id)}/employment/${entryId}/remove`, version: entry.version, anchor: '#employment-history', errors,
      rows: [
        { key: { text: 'What' }, value: { text: [labelFor(entry.kind), entry.organisation, entry.role].filter(Boolean).join(', ') } },
        { key: { text: 'Dates' }, value: { text: periodText(entry) } },
        { key: { text: 'Verification' }, value: { text: verificationText(entry) } },
      ],
    });
  };

  router.get('/vetting/applications/:id/pre-employment/employment/:entryId/remove', async (req, res) => employmentRemoval(res, idParam(req.params.id), idParam(req.params.entryId)));

  router.post('/vetting/applications/:id/pre-employment/employment/:entryId/remove', async (req, res) => {
    const id = idParam(req.params.id);
    const entryId = idParam(req.params.entryId);
    try {
      await service.removeEmployment(actorFrom(res), id, entryId, parseOrThrow(VersionQuery, req.body).version);
      done(req, res, id, 'Employment history entry removed', '#employment-history');
    } catch (err) {
      if (!isFormProblem(err)) throw err;
      await employmentRemoval(res, id, entryId, err.status, problems(err, 'remove'));
    }
  });

  // ---- qualifications ----

  const qualificationForm = async (res: Response, id: string, status: number, values: Record<string, unknown>, o: FormOptions = {}) => {
    const { entryId: qualificationId, errors } = o;
    const application = o.application ?? (await service.prepareForm(actorFrom(res), id));
    res.status(status).render(`${VIEWS}/qualification-form.njk`, {
      pageTitle: qualificationId ? 'Change a qualification' : 'Add a qualification', application, values, verificationMethods: options(VERIFICATION_METHODS),
      action: `${overviewPath(id)}/qualifications/${qualificationId ?? 'new'}`, backHref: `${overviewPath(id)}#qualifications`, errors: errors && presentFormErrors(errors),
    });
  };

  router.get('/vetting/applications/:id/pre-employment/qualifications/new', async (req, res) => qualificationForm(res, idParam(req.params.id), 200, {}));

  router.post('/vetting/applications/:id/pre-employment/qualifications/new', async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await service.addQualification(actorFrom(res), id, parseOrThrow(QualificationSchema, req.body));
      done(req, res, id, 'Qualification added', '#qualifications');
    } catch (err) {
      if (!isFormProblem(err)) throw err;
      await qualificationForm(res, id, err.status, req.body, { errors: problems(err, 'title') });
    }
  });

  router.get('/vetting/applications/:id/pre-employment/qualifications/:qualificationId', async (req, res) => {
    const id = idParam(req.params.id);
    const { application, qualification } = await service.qualification(actorFrom(res), id, idParam(req.params.qualificationId), true);
    await qualificationForm(res, id, 200, qualificationValues(qualification), { entryId: qualification.id, application });
  });

  router.post('/vetting/applications/:id/pre-employment/qualifications/:qualificationId', async (req, res) => {
    const id = idParam(req.params.id);
    const qualificationId = idParam(req.params.qualificationId);
    try {
      await service.editQualification(actorFrom(res), id, qualificationId, parseOrThrow(QualificationEditSchema, req.body));
      done(req, res, id, 'Qualification changed', '#qualifications');
    } catch (err) {
      if (!isFormProblem(err)) throw err;
      if (!(err instanceof ConflictError)) return qualificationForm(res, id, err.status, req.body, { entryId: qualificationId, errors: problems(err, 'title') });
      const { application, qualification } = await service.qualification(actorFrom(res), id, qualificationId, true);
      await qualificationForm(res, id, err.status, qualificationValues(qualification), { entryId: qualificationId, application, errors: problems(err, 'title') });
    }
  });

  const qualificationRemoval = async (res: Response, id: string, qualificationId: string, status = 200, errors?: FieldError[]) => {
    const { application, qualification } = await service.qualification(actorFrom(res), id, qualificationId, true);
    removePage(res, status, {
      application, what: 'qualification', action: `${overviewPath(id)}/qualifications/${qualificationId}/remove`, version: qualification.version, anchor: '#qualifications', errors,
      rows: [
        { key: { text: 'Qualification' }, value: { text: `${qualification.title}, ${qualification.awardingBody}` } },
        { key: { text: 'Verification' }, value: { text: verificationText(qualification) } },
      ],
    });
  };

  router.get('/vetting/applications/:id/pre-employment/qualifications/:qualificationId/remove', async (req, res) => qualificationRemoval(res, idParam(req.params.id), idParam(req.params.qualificationId)));

  router.post('/vetting/applications/:id/pre-employment/qualifications/:qualificationId/remove', async (req, res) => {
    const id = idParam(req.params.id);
    const qualificationId = idParam(req.params.qualificationId);
    try {
      await service.removeQualification(actorFrom(res), id, qualificationId, parseOrThrow(VersionQuery, req.body).version);
      done(req, res, id, 'Qualification removed', '#qualifications');
    } catch (err) {
      if (!isFormProblem(err)) throw err;
      await qualificationRemoval(res, id, qualificationId, err.status, problems(err, 'remove'));
    }
  });

  // ---- interviews ----

  const interviewForm = async (res: Response, id: string, status: number, values: Record<string, unknown>, o: FormOptions = {}) => {
    const { entryId: interviewId, errors } = o;
    const application = o.application ?? (await service.prepareForm(actorFrom(res), id));
    res.status(status).render(`${VIEWS}/interview-form.njk`, {
      pageTitle: interviewId ? 'Change the interview arrangements' : 'Arrange a vetting interview', submitText: interviewId ? 'Save arrangements' : 'Arrange interview', application, values,
      action: interviewId ? `${overviewPath(id)}/interviews/${interviewId}/edit` : `${overviewPath(id)}/interviews/new`,
      backHref: interviewId ? `${overviewPath(id)}/interviews/${interviewId}` : `${overviewPath(id)}#interviews`, errors: errors && presentFormErrors(errors),
    });
  };

  router.get('/vetting/applications/:id/pre-employment/interviews/new', async (req, res) => interviewForm(res, idParam(req.params.id), 200, { mode: 'in_person' }));

  router.post('/vetting/applications/:id/pre-employment/interviews/new', async (req, res) => {
    const id = idParam(req.params.id);
    try {
      const { id: interviewId } = await service.scheduleInterview(actorFrom(res), id, parseOrThrow(InterviewScheduleSchema, req.body));
      req.session.flash = { type: 'success', text: 'Interview arranged' };
      res.redirect(`${overviewPath(id)}/interviews/${interviewId}`);
    } catch (err) {
      if (!isFormProblem(err)) throw err;
      await interviewForm(res, id, err.status, req.body, { errors: problems(err, 'scheduledOn') });
    }
  });

  const interviewPage = async (res: Response, id: string, interviewId: string, status = 200, extra: { values?: Record<string, unknown>; errors?: FieldError[] } = {}) => {
    const { application, interview } = await service.interview(actorFrom(res), id, interviewId);
    res.status(status).render(`${VIEWS}/interview.njk`, {
      pageTitle: `Vetting interview: ${application.reference}`, application, interview, ...PRESENTERS, limitMb, frozen: application.status !== 'open',
      canChange: canChange(res, application), values: extra.values ?? {}, errors: extra.errors && presentFormErrors(extra.errors),
    });
  };

  router.get('/vetting/applications/:id/pre-employment/interviews/:interviewId', async (req, res) => interviewPage(res, idParam(req.params.id), idParam(req.params.interviewId)));

  router.get('/vetting/applications/:id/pre-employment/interviews/:interviewId/edit', async (req, res) => {
    const id = idParam(req.params.id);
    const { application, interview } = await service.interview(actorFrom(res), id, idParam(req.params.interviewId), true);
    if (interview.status !== 'scheduled') throw new ConflictError(`This interview is ${labelFor(interview.status).toLowerCase()}: its arrangements can no longer change`);
    await interviewForm(res, id, 200, interviewValues(interview), { entryId: interview.id, application });
  });

  router.post('/vetting/applications/:id/pre-employment/interviews/:interviewId/edit', async (req, res) => {
    const id = idParam(req.params.id);
    const interviewId = idParam(req.params.interviewId);
    try {
      await service.rescheduleInterview(actorFrom(res), id, interviewId, parseOrThrow(InterviewRescheduleSchema, req.body));
      req.session.flash = { type: 'success', text: 'Interview arrangements changed' };
      res.redirect(`${overviewPath(id)}/interviews/${interviewId}`);
    } catch (err) {
      if (!isFormProblem(err)) throw err;
      if (!(err instanceof ConflictError)) return interviewForm(res, id, err.status, req.body, { entryId: interviewId, errors: problems(err, 'scheduledOn') });
      const { application, interview } = await service.interview(actorFrom(res), id, interviewId, true);
      await interviewForm(res, id, err.status, interviewValues(interview), { entryId: interviewId, application, errors: problems(err, 'scheduledOn') });
    }
  });

  /** The interview page's forms: each comes back to the interview page, with its own values and errors. */
  const interviewAction = (path: string, form: 'outcome' | 'copy' | 'record', act: (id: string, interviewId: string, req: Request, res: Response) => Promise<string>) =>
    router.post(`/vetting/applications/:id/pre-employment/interviews/:interviewId/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      const interviewId = idParam(req.params.interviewId);
      try {
        const text = await act(id, interviewId, req, res);
        req.session.flash = { type: 'success', text };
        res.redirect(`${overviewPath(id)}/interviews/${interviewId}`);
      } catch (err) {
        if (!isFormProblem(err)) throw err;
        const firstField = { outcome: 'outcome', copy: 'copyGivenOn', record: 'record' }[form];
        await interviewPage(res, id, interviewId, err.status, { values: { [form]: req.body ?? {} }, errors: problems(err, firstField) });
      }
    });

  interviewAction('outcome', 'outcome', async (id, interviewId, req, res) => {
    const { error, file } = await receiveUpload(req, res);
    if (error) throw new ValidationError([{ field: 'record', message: error }]);
    const input = parseOrThrow(InterviewOutcomeSchema, req.body ?? {});
    await service.recordInterviewOutcome(actorFrom(res), id, interviewId, input, file);
    return `Interview recorded as ${labelFor(input.outcome).toLowerCase()}`;
  });

  interviewAction('copy-given', 'copy', async (id, interviewId, req, res) => {
    await service.recordCopyGiven(actorFrom(res), id, interviewId, parseOrThrow(CopyGivenSchema, req.body));
    return 'Date the copy was given saved';
  });

  interviewAction('record', 'record', async (id, interviewId, req, res) => {
    const { error, file } = await receiveUpload(req, res);
    if (error) throw new ValidationError([{ field: 'record', message: error }]);
    if (!file) throw new ValidationError([{ field: 'record', message: 'Select the record to upload' }]);
    await service.attachRecord(actorFrom(res), id, interviewId, parseOrThrow(VersionQuery, req.body ?? {}).version, file);
    return 'Interview record uploaded';
  });

  router.get('/vetting/applications/:id/pre-employment/interviews/:interviewId/record', async (req, res) => {
    const record = await service.downloadRecord(actorFrom(res), idParam(req.params.id), idParam(req.params.interviewId));
    res.attachment(record.fileName).type(record.mediaType).send(record.content); // attachment() would otherwise set the type from the name
  });

  return router;
}
