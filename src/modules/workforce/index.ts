import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/types.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { EventBus } from '../../platform/events/bus.js';
import { canAny } from '../../platform/access/policy.js';
import type { PersonPanel, ProbityModule } from '../../platform/module.js';
import { workforceApi } from './api.js';
import { WorkforceRepository } from './data.js';
import { workforceRoutes } from './routes.js';
import { WorkforceService } from './service.js';

export function workforceModule(deps: { db: Db; audit: AuditLog; bus: EventBus; config: Config; panels: () => PersonPanel[]; onError: (err: unknown) => void }) {
  const repository = new WorkforceRepository(deps.db);
  const service = new WorkforceService(deps.db, repository, deps.audit, deps.bus);
  const module: ProbityModule = {
    name: 'workforce',
    routes: workforceRoutes(service, deps.panels, deps.config.uploadLimitBytes, deps.onError),
    api: workforceApi(service),
    homeCards: async (actor) => {
      const cards = [];
      const imports = await service.recentImports(actor);
      if (imports.length) cards.push({ title: 'Recent HR imports', template: 'workforce/views/home-imports.njk', context: { jobs: imports.slice(0, 5) } });
      if (actor.viewer.roles.includes('line_manager') && actor.viewer.personId) {
        cards.push({ title: 'Your team', template: 'workforce/views/home-team.njk', context: { count: await service.teamSize(actor.viewer.personId) } });
      }
      return cards;
    },
    navigation: (viewer) => [
      ...(canAny(viewer, 'read', 'person') ? [{ text: 'People', href: '/people' }] : []),
      ...(canAny(viewer, 'read', 'post') ? [{ text: 'Posts', href: '/posts' }] : []),
      ...(canAny(viewer, 'create', 'workforce_import') ? [{ text: 'HR import', href: '/workforce/imports' }] : []),
    ],
  };
  return { module, service, repository };
}
