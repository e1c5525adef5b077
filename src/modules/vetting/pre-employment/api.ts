import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import {
  CopyGivenSchema, CoverageOut, EmploymentEditSchema, EmploymentEntryOut, EmploymentEntrySchema, InterviewOut, InterviewOutcomeApiSchema, InterviewRescheduleSchema,
  InterviewScheduleSchema, QualificationEditSchema, QualificationOut, QualificationSchema, RecordUploadApiSchema, VersionQuery,
} from './schema.js';
import type { PreEmploymentService, RecordFile } from './service.js';

const TAG = 'Vetting: pre-employment checks';
const uuid = z.string().openapi({ format: 'uuid' });
const Application = z.object({ id: uuid });
const Entry = z.object({ id: uuid, entryId: uuid });
const Qualification = z.object({ id: uuid, qualificationId: uuid });
const InterviewParams = z.object({ id: uuid, interviewId: uuid });
const Created = z.object({ id: z.string(), version: z.number() });
const Saved = z.object({ version: z.number() });
const Removed = z.object({ removed: z.literal(true) });
const RecordDownload = z.object({ fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), sha256: z.string(), uploadedAt: z.string(), uploadedByLabel: z.string(), contentBase64: z.string().openapi({ format: 'byte' }) }).openapi('InterviewRecordDownload');
const Summary = z.object({
  frozen: z.boolean().openapi({ description: 'True once the application is decided (or withdrawn or discontinued): nothing here can change' }),
  employment: z.object({ count: z.number(), coverage: CoverageOut, notYetVerified: z.number(), couldNotVerify: z.number() }),
  qualifications: z.object({ count: z.number(), notYetVerified: z.number(), couldNotVerify: z.number(), neededNotVerified: z.number() }),
  interviews: z.object({ count: z.number(), next: InterviewOut.nullable(), held: z.number(), copyOutstanding: z.number(), cancelledOrMissed: z.number() }),
}).openapi('PreEmploymentSummary');

const BASE = '/v1/vetting/applications/:id';
const CHANGE_ERRORS = [404, 409];
const decoded = (f: { fileName: string; contentBase64: string }): RecordFile => ({ fileName: f.fileName, bytes: new Uint8Array(Buffer.from(f.contentBase64, 'base64')) });

export function preEmploymentApi(service: PreEmploymentService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    const limitMb = Math.round(service.recordLimitBytes / 1024 / 1024);

    apiRoute(router, registry, {
      method: 'get', path: `${BASE}/pre-employment`, tag: TAG, params: Application, errors: [404], response: Summary,
      summary: 'Pre-employment checks at a glance: history coverage and gaps, unverified entries and qualifications, interviews (audited)',
    }, async ({ params, res }) => {
      const s = await service.summary(actorFrom(res), idParam(params.id), true);
      const { applicationId: _id, ...rest } = s!;
      return { ...rest, interviews: { ...rest.interviews, next: rest.interviews.next ?? null } };
    });

    // ---- employment history ----

    apiRoute(router, registry, {
      method: 'get', path: `${BASE}/employment-history`, tag: TAG, params: Application, errors: [404],
      summary: 'Employment history, most recent first, with the periods of the required years no entry covers (audited)',
      response: z.object({ entries: z.array(EmploymentEntryOut), coverage: CoverageOut }),
    }, async ({ params, res }) => service.employmentHistory(actorFrom(res), idParam(params.id)));

    apiRoute(router, registry, {
      method: 'post', path: `${BASE}/employment-history`, tag: TAG, params: Application, body: EmploymentEntrySchema, status: 201, response: Created, errors: CHANGE_ERRORS,
      summary: 'Add an employment history entry (409 once the application is decided)',
    }, async ({ params, body, res }) => service.addEmployment(actorFrom(res), idParam(params.id), body));

    apiRoute(router, registry, {
      method: 'get', path: `${BASE}/employment-history/:entryId`, tag: TAG, params: Entry, errors: [404], response: EmploymentEntryOut,
      summary: 'One employment history entry (audited)',
    }, async ({ params, res }) => (await service.employmentEntry(actorFrom(res), idParam(params.id), idParam(params.entryId))).entry);

    apiRoute(router, registry, {
      method: 'put', path: `${BASE}/employment-history/:entryId`, tag: TAG, params: Entry, body: EmploymentEditSchema, response: Saved, errors: CHANGE_ERRORS,
      summary: 'Replace an employment history entry; version is the one read (409 if it has changed since, or the application is decided)',
    }, async ({ params, body, res }) => service.editEmployment(actorFrom(res), idParam(params.id), idParam(params.entryId), body));

    apiRoute(router, registry, {
      method: 'delete', path: `${BASE}/employment-history/:entryId`, tag: TAG, params: Entry, query: VersionQuery, response: Removed, errors: CHANGE_ERRORS,
      summary: 'Remove an employment history entry (kept as removed in the record); version is the one read',
    }, async ({ params, query, res }) => {
      await service.removeEmployment(actorFrom(res), idParam(params.id), idParam(params.entryId), query.version);
      return { removed: true as const };
    });

    // ---- qualifications ----

    apiRoute(router, registry, {
      method: 'get', path: `${BASE}/qualifications`, tag: TAG, params: Application, errors: [404], response: z.object({ qualifications: z.array(QualificationOut) }),
      summary: 'Qualifications claimed, with whether the post needs each and how it was verified (audited)',
    }, async ({ params, res }) => ({ qualifications: await service.qualifications(actorFrom(res), idParam(params.id)) }));

    apiRoute(router, registry, {
      method: 'post', path: `${BASE}/qualifications`, tag: TAG, params: Application, body: QualificationSchema, status: 201, response: Created, errors: CHANGE_ERRORS,
      summary: 'Add a qualification (409 once the application is decided)',
    }, async ({ params, body, res }) => service.addQualification(actorFrom(res), idParam(params.id), body));

    apiRoute(router, registry, {
      method: 'get', path: `${BASE}/qualifications/:qualificationId`, tag: TAG, params: Qualification, errors: [404], response: QualificationOut,
      summary: 'One qualification (audited)',
    }, async ({ params, res }) => (await service.qualification(actorFrom(res), idParam(params.id), idParam(params.qualificationId))).qualification);

    apiRoute(router, registry, {
      method: 'put', path: `${BASE}/qualifications/:qualificationId`, tag: TAG, params: Qualification, body: QualificationEditSchema, response: Saved, errors: CHANGE_ERRORS,
      summary: 'Replace a qualification; version is the one read',
    }, async ({ params, body, res }) => service.editQualification(actorFrom(res), idParam(params.id), idParam(params.qualificationId), body));

    apiRoute(router, registry, {
      method: 'delete', path: `${BASE}/qualifications/:qualificationId`, tag: TAG, params: Qualification, query: VersionQuery, response: Removed, errors: CHANGE_ERRORS,
      summary: 'Remove a qualification (kept as removed in the record); version is the one read',
    }, async ({ params, query, res }) => {
      await service.removeQualification(actorFrom(res), idParam(params.id), idParam(params.qualificationId), query.version);
      return { removed: true as const };
    });

    // ---- interviews ----

    apiRoute(router, registry, {
      method: 'get', path: `${BASE}/interviews`, tag: TAG, params: Application, errors: [404], response: z.object({ interviews: z.array(InterviewOut) }),
      summary: 'Vetting interviews, latest first: arrangements, what happened, the record’s details and when a copy was given (audited)',
    }, async ({ params, res }) => ({ interviews: await service.interviews(actorFrom(res), idParam(params.id)) }));

    apiRoute(router, registry, {
      method: 'post', path: `${BASE}/interviews`, tag: TAG, params: Application, body: InterviewScheduleSchema, status: 201, response: Created, errors: CHANGE_ERRORS,
      summary: 'Arrange a vetting interview: date and time on a London clock, in person (with the place) or by video, and the interviewer',
    }, async ({ params, body, res }) => service.scheduleInterview(actorFrom(res), idParam(params.id), body));

    apiRoute(router, registry, {
      method: 'get', path: `${BASE}/interviews/:interviewId`, tag: TAG, params: InterviewParams, errors: [404], response: InterviewOut,
      summary: 'One vetting interview (audited)',
    }, async ({ params, res }) => (await service.interview(actorFrom(res), idParam(params.id), idParam(params.interviewId))).interview);

    apiRoute(router, registry, {
      method: 'put', path: `${BASE}/interviews/:interviewId`, tag: TAG, params: InterviewParams, body: InterviewRescheduleSchema, response: Saved, errors: CHANGE_ERRORS,
      summary: 'Change a scheduled interview’s arrangements (409 once it has happened)',
    }, async ({ params, body, res }) => service.rescheduleInterview(actorFrom(res), idParam(params.id), idParam(params.interviewId), body));

    apiRoute(router, registry, {
      method: 'post', path: `${BASE}/interviews/:interviewId/outcome`, tag: TAG, params: InterviewParams, body: InterviewOutcomeApiSchema, response: Saved, errors: [...CHANGE_ERRORS, 413],
      summary: `Record what happened: held (date, summary and/or record: PDF, Word or plain text up to ${limitMb} MB, base64), cancelled (with why) or did not attend`,
    }, async ({ params, body, res }) => {
      const { record, ...outcome } = body;
      return service.recordInterviewOutcome(actorFrom(res), idParam(params.id), idParam(params.interviewId), outcome, record && decoded(record));
    });

    apiRoute(router, registry, {
      method: 'post', path: `${BASE}/interviews/:interviewId/copy-given`, tag: TAG, params: InterviewParams, body: CopyGivenSchema, response: Saved, errors: CHANGE_ERRORS,
      summary: 'Record the date a copy of the interview record was given to the interviewee',
    }, async ({ params, body, res }) => service.recordCopyGiven(actorFrom(res), idParam(params.id), idParam(params.interviewId), body));

    apiRoute(router, registry, {
      method: 'put', path: `${BASE}/interviews/:interviewId/record`, tag: TAG, params: InterviewParams, body: RecordUploadApiSchema, response: Saved, errors: [...CHANGE_ERRORS, 413],
      summary: `Attach or replace a held interview’s record (PDF, Word or plain text up to ${limitMb} MB, base64)`,
    }, async ({ params, body, res }) => service.attachRecord(actorFrom(res), idParam(params.id), idParam(params.interviewId), body.version, decoded(body)));

    apiRoute(router, registry, {
      method: 'get', path: `${BASE}/interviews/:interviewId/record`, tag: TAG, params: InterviewParams, errors: [404], response: RecordDownload,
      summary: 'Download an interview’s record, base64 (authorised and audited like any read of the case)',
    }, async ({ params, res }) => {
      const { content, ...meta } = await service.downloadRecord(actorFrom(res), idParam(params.id), idParam(params.interviewId));
      return { ...meta, contentBase64: content.toString('base64') };
    });

    return router;
  };
}
