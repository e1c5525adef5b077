import type { Config } from './platform/config.js';
import type { Db } from './platform/db/types.js';
import { AuditLog } from './platform/audit/audit-log.js';
import { ApiTokenRepository } from './platform/auth/api-tokens.js';
import { AuthService } from './platform/auth/service.js';
import { UserRepository } from './platform/auth/users.js';
import { EventBus } from './platform/events/bus.js';
import { createLogger } from './platform/logger.js';
import { SettingsStore } from './platform/settings.js';
import { JobScheduler } from './platform/jobs/scheduler.js';
import type { PersonPanel, ProbityModule } from './platform/module.js';
import { adminModule } from './modules/admin/index.js';
import { auditingModule } from './modules/auditing/index.js';
import { conductModule } from './modules/conduct/index.js';
import { vettingModule } from './modules/vetting/index.js';
import { workforceModule } from './modules/workforce/index.js';

/** Builds the object graph once. Tests build it with their own database and configuration. */
export function services(config: Config, db: Db) {
  const logger = createLogger(config.logLevel);
  const audit = new AuditLog(db);
  const bus = new EventBus(db);
  const settings = new SettingsStore(db);
  const users = new UserRepository(db);
  const tokens = new ApiTokenRepository(db);
  const auth = new AuthService(users, audit, config);
  const onError = (err: unknown) => logger.error({ err }, 'background task failed');

  const modules: ProbityModule[] = [];
  const personPanels = (): PersonPanel[] => modules.flatMap((m) => m.personPanels ?? []);
  const workforce = workforceModule({ db, audit, bus, config, panels: personPanels, onError });
  const vetting = vettingModule({ db, audit, bus, settings, people: workforce.service, users: { userByUsername: (username, q) => users.byUsername(username, q) }, uploadLimitBytes: config.uploadLimitBytes });
  const conduct = conductModule({
    db, audit, bus, settings,
    people: {
      personBasics: (id, q) => workforce.service.personBasics(id, q),
      personIdByPayroll: (payroll) => workforce.service.personIdByPayroll(payroll),
      rankOrGrade: async (id, q) => (await workforce.service.rankOrGrade(id, q)) ?? null,
    },
  });
  modules.push(
    workforce.module,
    vetting.module,
    conduct.module,
    adminModule({ db, users, tokens, audit, people: workforce.service }),
    auditingModule({ db, audit, people: workforce.service }),
  );

  const scheduler = new JobScheduler(db, modules.flatMap((m) => m.jobs ?? []), logger);

  return { config, scheduler, db, logger, audit, bus, settings, users, tokens, auth, modules, workforce: workforce.service, vetting: vetting.service, conduct: conduct.service, workforceRepository: workforce.repository };
}

export type Services = ReturnType<typeof services>;
