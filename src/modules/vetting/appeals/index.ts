import { Router } from 'express';
import { canAny } from '../../../platform/access/policy.js';
import { VettingRepository } from '../data.js';
import type { VettingFeature, VettingFeatureDeps } from '../features.js';
import { WithdrawalRepository } from '../withdrawal/data.js';
import { withdrawalApi } from '../withdrawal/api.js';
import { withdrawalRoutes } from '../withdrawal/routes.js';
import { WithdrawalService } from '../withdrawal/service.js';
import { appealsApi } from './api.js';
import { AppealsRepository } from './data.js';
import { panelDirectory } from './panel-directory.js';
import { label } from './presenters.js';
import { appealsRoutes } from './routes.js';
import { AppealsService } from './service.js';

/**
 * Appeals (against refusal, conditions or withdrawal) and withdrawal of clearance from serving officers and staff.
 * Withdrawal lives in the sibling folder ../withdrawal; both are composed here, as the one feature the module wires.
 */
export function createAppealsFeature(deps: VettingFeatureDeps): VettingFeature {
  const appealsRepo = new AppealsRepository(deps.db);
  const withdrawalRepo = new WithdrawalRepository(deps.db);
  const core = new VettingRepository(deps.db);
  const directory = panelDirectory(deps.db);
  const appeals = new AppealsService(deps, appealsRepo, withdrawalRepo, core, directory);
  const withdrawals = new WithdrawalService(deps, withdrawalRepo, appealsRepo, core, directory);

  const routes = Router();
  routes.use(appealsRoutes(appeals));
  routes.use(withdrawalRoutes(withdrawals, deps.vetting));

  return {
    name: 'appeals',
    routes,
    api: (registry) => {
      const router = Router();
      router.use(appealsApi(appeals)(registry));
      router.use(withdrawalApi(withdrawals)(registry));
      return router;
    },
    applicationSections: [{
      id: 'appeals',
      title: 'Appeals',
      load: async (actor, applicationId) => {
        const section = await appeals.section(actor, applicationId);
        return section && { template: 'vetting/appeals/views/section.njk', context: { ...section, label } };
      },
    }],
    homeCards: async (actor) => {
      const [appealCounts, withdrawalCounts] = [await appeals.counts(actor), await withdrawals.counts(actor)];
      if (!appealCounts || !withdrawalCounts) return [];
      return [{ title: 'Vetting appeals and withdrawals', template: 'vetting/appeals/views/home-card.njk', context: { appeals: appealCounts, withdrawals: withdrawalCounts } }];
    },
    navigation: (viewer) => (canAny(viewer, 'read', 'vetting_case')
      ? [{ text: 'Appeals', href: '/vetting/appeals' }, { text: 'Withdrawal of clearance', href: '/vetting/withdrawals' }]
      : []),
  };
}
