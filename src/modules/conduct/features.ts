import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ActorContext } from '../../platform/access/guard.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db, Queryable } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import type { Job } from '../../platform/jobs/scheduler.js';
import type { HomeCard, NavigationItem } from '../../platform/module.js';
import type { Viewer } from '../../platform/access/policy.js';
import type { SettingsStore } from '../../platform/settings.js';
import type { ConductService, PeopleDirectory } from './service.js';

/**
 * The conduct module is one capability made of features (investigation, hearings and publication, reporting), each in
 * its own folder with its own tables, routes, views and tests, plugged in here; index.ts composes them.
 */
export interface ConductFeatureDeps {
  db: Db;
  audit: AuditLog;
  bus: EventBus;
  settings: SettingsStore;
  people: PeopleDirectory;
  conduct: ConductService;
}

/** A read-only section a feature adds to the case page (its forms live on the feature's own pages). */
export interface CaseSection {
  id: string;
  title: string;
  /** Undefined when the viewer may not see it. The case itself has already been authorised and audited. */
  load(actor: ActorContext, caseId: string): Promise<{ template: string; context: Record<string, unknown> } | undefined>;
}

export interface ConductFeature {
  name: string;
  routes?: Router;
  /** Pages without sign-in (published hearings). */
  publicRoutes?: Router;
  api?: (registry: OpenAPIRegistry) => Router;
  caseSections?: CaseSection[];
  homeCards?: (actor: ActorContext) => Promise<HomeCard[]>;
  navigation?: (viewer: Viewer) => NavigationItem[];
  jobs?: Job[];
  /**
   * What stops a case being finalised (for example lines of inquiry still open), each as a sentence; checked inside
   * the finalisation's own transaction, so the API and the form both refuse with the list.
   */
  finalisationBlockers?: (caseId: string, tx: Queryable) => Promise<string[]>;
}
