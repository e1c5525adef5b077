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

/** Complaints and misconduct: recording, flags, complainants and victims, the appropriate authority's decisions, outcomes. */
export function conductModule(deps: { db: Db; audit: AuditLog; bus: EventBus; settings: SettingsStore; people: PeopleDirectory; publicFormLimit?: PublicFormLimit }) {
  const service = new ConductService(deps.db, new ConductRepository(deps.db), deps.audit, deps.bus, deps.people, deps.settings);
  const module: ProbityModule = {
    name: 'conduct',
    routes: conductRoutes(service),
    publicRoutes: conductPublicRoutes(service, deps.publicFormLimit),
    api: conductApi(service),
    navigation: (viewer) => (canAny(viewer, 'read', 'conduct_case') ? [{ text: 'Complaints and conduct', href: '/conduct' }] : []),
    homeCards: async (actor) => {
      if (!canAny(actor.viewer, 'read', 'conduct_case') || actor.viewer.tokenScopes) return [];
      const work = await service.workList(actor, 5);
      return [{ title: 'Complaints and conduct: work waiting', template: 'conduct/views/home-card.njk', context: { ...work, label: labelFor } }];
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
