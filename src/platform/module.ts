import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ActorContext } from './access/guard.js';
import type { Viewer } from './access/policy.js';
import type { Job } from './jobs/scheduler.js';

/** A panel a module adds to the person page, shown only when the viewer may see what it holds. */
export interface PersonPanel {
  id: string;
  title: string;
  /** Returns the template and its context, or undefined when the viewer may not see this panel for this person. */
  load(actor: ActorContext, personId: string): Promise<{ template: string; context: Record<string, unknown> } | undefined>;
}

export interface NavigationItem {
  text: string;
  href: string;
}

/** A card on the signed-in user's home page: their work in this module. */
export interface HomeCard {
  title: string;
  template: string;
  context: Record<string, unknown>;
}

/**
 * What a capability folder gives the composition root. Adding a module is adding one of these
 * to the list in services.ts; removing it removes the capability and nothing else.
 */
export interface ProbityModule {
  name: string;
  /** Pages, mounted at the site root behind sign-in. */
  routes?: Router;
  /** Pages that need no sign-in (public forms, published hearings). */
  publicRoutes?: Router;
  /** JSON endpoints, mounted under /api, registered with the OpenAPI document. */
  api?: (registry: OpenAPIRegistry) => Router;
  navigation?: (viewer: Viewer) => NavigationItem[];
  personPanels?: PersonPanel[];
  homeCards?: (actor: ActorContext) => Promise<HomeCard[]>;
  /** Scheduled work, run by the platform scheduler at most once per period across processes. */
  jobs?: Job[];
}
