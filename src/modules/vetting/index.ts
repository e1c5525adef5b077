import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import { canAny } from '../../platform/access/policy.js';
import type { ProbityModule } from '../../platform/module.js';
import { vettingApi } from './api.js';
import { VettingRepository } from './data.js';
import { labelFor } from './presenters.js';
import { vettingRoutes } from './routes.js';
import { VettingService, type PeopleDirectory } from './service.js';

export function vettingModule(deps: { db: Db; audit: AuditLog; bus: EventBus; people: PeopleDirectory }) {
  const service = new VettingService(deps.db, new VettingRepository(deps.db), deps.audit, deps.bus, deps.people);
  // Review triggers arrive as events from other modules.
  deps.bus.subscribe('vetting.conduct-outcomes', ['conduct.outcome.recorded'], async (event, tx) => void (await service.onConductOutcome(event.payload, tx)));
  deps.bus.subscribe('vetting.workforce-moves', ['workforce.person.moved'], async (event, tx) => void (await service.onPersonMoved(event.payload, tx)));
  const module: ProbityModule = {
    name: 'vetting',
    routes: vettingRoutes(service),
    api: vettingApi(service),
    navigation: (viewer) => (canAny(viewer, 'read', 'vetting_case') ? [{ text: 'Vetting', href: '/vetting' }] : []),
    homeCards: async (actor) => {
      if (!canAny(actor.viewer, 'read', 'vetting_case')) return [];
      const due = await service.conditionReviewsDue(actor);
      return [{ title: 'Vetting condition reviews due', template: 'vetting/views/home-conditions.njk', context: { due } }];
    },
    personPanels: [{
      id: 'vetting',
      title: 'Vetting',
      load: async (actor, personId) => {
        const panel = await service.personPanel(actor, personId);
        return panel && { template: 'vetting/views/person-panel.njk', context: { vetting: panel, label: labelFor } };
      },
    }],
  };
  return { module, service };
}
