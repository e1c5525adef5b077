import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ActorContext } from '../../platform/access/guard.js';
import type { Viewer } from '../../platform/access/policy.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import type { HomeCard, NavigationItem } from '../../platform/module.js';
import type { Job } from '../../platform/jobs/scheduler.js';
import type { SettingsStore } from '../../platform/settings.js';
import type { PeopleDirectory, VettingService } from './service.js';

/**
 * The vetting module is one capability made of features (pre-employment checks, appeals and withdrawal,
 * quality assurance, compliance and reviews, disproportionality). Each lives in its own folder with its own
 * tables, routes, views and tests, and plugs in here; index.ts composes them into the module.
 */
export interface VettingFeatureDeps {
  db: Db;
  audit: AuditLog;
  bus: EventBus;
  settings: SettingsStore;
  /** The platform's upload limit (config.uploadLimitBytes), for features that take files; tests may leave it to the default. */
  uploadLimitBytes?: number;
  people: PeopleDirectory;
  vetting: VettingService;
}

/** A section a feature adds to the application page (read-only summary; its forms live on the feature's own pages). */
export interface ApplicationSection {
  id: string;
  title: string;
  /** Undefined when the viewer may not see it. The application itself has already been authorised and audited. */
  load(actor: ActorContext, applicationId: string): Promise<{ template: string; context: Record<string, unknown> } | undefined>;
}

export interface VettingFeature {
  name: string;
  routes?: Router;
  api?: (registry: OpenAPIRegistry) => Router;
  applicationSections?: ApplicationSection[];
  homeCards?: (actor: ActorContext) => Promise<HomeCard[]>;
  /** Scheduled work (reminders, re-checks), run by the platform scheduler at most once per period. */
  jobs?: Job[];
  /** Links added under the Vetting section's sub-navigation. */
  navigation?: (viewer: Viewer) => NavigationItem[];
}
