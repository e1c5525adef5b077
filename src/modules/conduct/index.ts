import { Router } from 'express';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import { canAny } from '../../platform/access/policy.js';
import type { ProbityModule } from '../../platform/module.js';
import type { SettingsStore } from '../../platform/settings.js';
import { conductApi } from './api.js';
import { ConductRepository } from './data.js';
import { labelFor } from './presenters.js';
import { conductPublicRoutes, type PublicFormLimit } from './public-routes.js';
import { conductRoutes } from './routes.js';
import { ConductService, type PeopleDirectory } from './service.js';
import type { ConductFeature } from './features.js';
import { RulesPage, rulesApi, rulesRoutes } from '../../platform/rules-page.js';
import { CONDUCT_SETTING_DEFINITIONS } from './settings.js';
import { INVESTIGATION_SETTING_DEFINITIONS, createInvestigationFeature } from './investigation/index.js';
import { HEARINGS_SETTING_DEFINITIONS, createHearingsFeature } from './hearings/index.js';
import { createReportingFeature } from './reporting/index.js';

/** Complaints and misconduct: recording, flags, complainants and victims, the appropriate authority's decisions, outcomes. */
export function conductModule(deps: { db: Db; audit: AuditLog; bus: EventBus; settings: SettingsStore; people: PeopleDirectory; publicFormLimit?: PublicFormLimit }) {
  const service = new ConductService(deps.db, new ConductRepository(deps.db), deps.audit, deps.bus, deps.people, deps.settings);
  const featureDeps = { ...deps, conduct: service };
  const features: ConductFeature[] = [createInvestigationFeature(featureDeps), createHearingsFeature(featureDeps), createReportingFeature(featureDeps)];
  for (const f of features) if (f.finalisationBlockers) service.addFinalisationBlocker(f.finalisationBlockers);
  const rules = new RulesPage(deps.db, deps.settings, deps.audit, { kind: 'conduct_rules', path: '/conduct/rules', title: 'Conduct rules', auditAction: 'conduct-rules', definitions: [...CONDUCT_SETTING_DEFINITIONS, ...HEARINGS_SETTING_DEFINITIONS, ...INVESTIGATION_SETTING_DEFINITIONS] });
  const routes = Router();
  routes.use(rulesRoutes(rules));
  routes.use(conductRoutes(service, features.flatMap((f) => f.caseSections ?? [])));
  for (const f of features) if (f.routes) routes.use(f.routes);
  const publicRoutes = Router();
  publicRoutes.use(conductPublicRoutes(service, deps.publicFormLimit));
  for (const f of features) if (f.publicRoutes) publicRoutes.use(f.publicRoutes);
  const module: ProbityModule = {
    name: 'conduct',
    routes,
    publicRoutes,
    jobs: features.flatMap((f) => f.jobs ?? []),
    api: (registry) => {
      const router = Router();
      router.use(conductApi(service)(registry));
      router.use(rulesApi(rules, 'Conduct')(registry));
      for (const f of features) if (f.api) router.use(f.api(registry));
      return router;
    },
    navigation: (viewer) => [
      ...(canAny(viewer, 'read', 'conduct_case') ? [{ text: 'Complaints and conduct', href: '/conduct' }] : []),
      ...(canAny(viewer, 'update', 'conduct_rules') ? [{ text: 'Conduct rules', href: '/conduct/rules' }] : []),
      ...features.flatMap((f) => f.navigation?.(viewer) ?? []),
    ],
    homeCards: async (actor) => {
      const more = (await Promise.all(features.map((f) => f.homeCards?.(actor) ?? []))).flat();
      if (!canAny(actor.viewer, 'read', 'conduct_case') || actor.viewer.tokenScopes) return more;
      const work = await service.workList(actor, 5);
      return [{ title: 'Complaints and conduct: work waiting', template: 'conduct/views/home-card.njk', context: { ...work, label: labelFor } }, ...more];
    },
    personPanels: [{
      id: 'conduct',
      title: 'Conduct history',
      load: async (actor, personId) => {
        const history = await service.personPanel(actor, personId);
        return history && { template: 'conduct/views/person-panel.njk', context: { history, label: labelFor } };
      },
    }],
  };
  return { module, service };
}
