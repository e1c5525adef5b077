import { Router } from 'express';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events/bus.js';
import { canAny } from '../../platform/access/policy.js';
import type { ProbityModule } from '../../platform/module.js';
import type { SettingDefinition, SettingsStore } from '../../platform/settings.js';
import type { Viewer } from '../../platform/access/policy.js';
import { vettingApi } from './api.js';
import { createAppealsFeature } from './appeals/index.js';
import { createComplianceFeature } from './compliance/index.js';
import { VettingRepository } from './data.js';
import { createDisproportionalityFeature } from './disproportionality/index.js';
import type { VettingFeature } from './features.js';
import { createPreEmploymentFeature } from './pre-employment/index.js';
import { labelFor } from './presenters.js';
import { createQualityFeature } from './quality/index.js';
import { vettingRoutes } from './routes.js';
import { RulesPage, rulesApi, rulesRoutes } from '../../platform/rules-page.js';
import { RATIFICATION_SETTING_DEFINITION, RENEWAL_SETTING_DEFINITION } from './rules.js';
import { PRE_EMPLOYMENT_SETTING_DEFINITIONS } from './pre-employment/rules.js';
import { APPEALS_SETTING_DEFINITIONS } from './appeals/policy.js';
import { COMPLIANCE_SETTING_DEFINITIONS } from './compliance/settings.js';
import { VettingService, type PeopleDirectory, type UserDirectory } from './service.js';

export function vettingModule(deps: { db: Db; audit: AuditLog; bus: EventBus; settings: SettingsStore; people: PeopleDirectory; users: UserDirectory; uploadLimitBytes: number }) {
  const service = new VettingService(deps.db, new VettingRepository(deps.db), deps.audit, deps.bus, deps.people, deps.settings, deps.users);
  // Review triggers arrive as events from other modules.
  deps.bus.subscribe('vetting.conduct-outcomes', ['conduct.outcome.recorded'], async (event, tx) => void (await service.onConductOutcome(event.payload, tx)));
  deps.bus.subscribe('vetting.workforce-moves', ['workforce.person.moved'], async (event, tx) => void (await service.onPersonMoved(event.payload, tx)));

  const featureDeps = { ...deps, vetting: service };
  const features: VettingFeature[] = [
    createPreEmploymentFeature(featureDeps),
    createAppealsFeature(featureDeps),
    createQualityFeature(featureDeps),
    createComplianceFeature(featureDeps),
    createDisproportionalityFeature(featureDeps),
  ];
  const sections = features.flatMap((f) => f.applicationSections ?? []);
  const rules = new RulesPage(deps.db, deps.settings, deps.audit, {
    kind: 'vetting_rules', path: '/vetting/rules', title: 'Vetting rules', auditAction: 'vetting-rules',
    links: [{ text: 'quality assurance', href: '/vetting/quality/settings' }, { text: 'disproportionality', href: '/vetting/disproportionality/settings' }],
    definitions: [RATIFICATION_SETTING_DEFINITION as SettingDefinition, RENEWAL_SETTING_DEFINITION as SettingDefinition, ...PRE_EMPLOYMENT_SETTING_DEFINITIONS, ...APPEALS_SETTING_DEFINITIONS, ...COMPLIANCE_SETTING_DEFINITIONS],
  });
  const rulesLink = (viewer: Viewer) => (canAny(viewer, 'read', 'vetting_rules') ? [{ text: 'Vetting rules', href: '/vetting/rules' }] : []);

  const routes = Router();
  routes.use(vettingRoutes(service, sections, (viewer) => [...features.flatMap((f) => f.navigation?.(viewer) ?? []), ...rulesLink(viewer)]));
  routes.use(rulesRoutes(rules));
  for (const f of features) if (f.routes) routes.use(f.routes);

  const module: ProbityModule = {
    name: 'vetting',
    routes,
    jobs: features.flatMap((f) => f.jobs ?? []),
    api: (registry) => {
      const router = Router();
      router.use(vettingApi(service)(registry));
      router.use(rulesApi(rules, 'Vetting')(registry));
      for (const f of features) if (f.api) router.use(f.api(registry));
      return router;
    },
    navigation: (viewer) => [
      ...(canAny(viewer, 'read', 'vetting_case') ? [{ text: 'Vetting', href: '/vetting' }, { text: 'Vetting work', href: '/vetting/work' }] : []),
      // Scrutiny and senior leaders who see aggregates but no cases.
      ...(!canAny(viewer, 'read', 'vetting_case') && canAny(viewer, 'read', 'aggregate_report') ? [{ text: 'Vetting disproportionality', href: '/vetting/disproportionality' }] : []),
      ...(canAny(viewer, 'create', 'circumstance_declaration') ? [{ text: 'My circumstances', href: '/my/circumstances' }] : []),
    ],
    homeCards: async (actor) => {
      // Condition owners outside the vetting unit (CCU, PSD, HR, managers) see the reviews they owe.
      const due = await service.conditionReviewsDue(actor);
      const own = canAny(actor.viewer, 'read', 'vetting_case') || due.length
        ? [{ title: 'Vetting condition reviews due', template: 'vetting/views/home-conditions.njk', context: { due } }]
        : [];
      const more = await Promise.all(features.map((f) => f.homeCards?.(actor) ?? []));
      return [...own, ...more.flat()];
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
