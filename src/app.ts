import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { canAny } from './platform/access/policy.js';
import { accountRoutes } from './platform/auth/account.js';
import { currentUser, requirePasswordChosen, requireSignedIn } from './platform/auth/middleware.js';
import { oidcRoutes } from './platform/auth/oidc.js';
import { signInRoutes } from './platform/auth/routes.js';
import { csrf } from './platform/http/csrf.js';
import { errorHandler, notFound } from './platform/http/error-handler.js';
import { requestContext } from './platform/http/request-context.js';
import { DbSessionStore } from './platform/http/session-store.js';
import { webSecurity } from './platform/http/security.js';
import { createRegistry, openApiDocument, z } from './platform/openapi/registry.js';
import { projectRoot } from './platform/paths.js';
import { configureViews } from './platform/ui/nunjucks.js';
import type { Services } from './services.js';
import './platform/http/augment.js';

/** The request flow, top to bottom. */
export function createApp(s: Services) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', s.config.trustProxy);
  configureViews(app);

  app.use(requestContext);
  app.get('/health', healthCheck(s));
  app.use(webSecurity());
  app.use('/assets/govuk', express.static(join(projectRoot, 'node_modules/govuk-frontend/dist/govuk/assets'), { maxAge: '1d' }));
  app.use('/assets/moj', express.static(join(projectRoot, 'node_modules/@ministryofjustice/frontend/moj/assets'), { maxAge: '1d' }));
  app.get('/assets/govuk/govuk-frontend.min.js', sendScript('node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js'));
  app.get('/assets/moj/moj-frontend.min.js', sendScript('node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js'));
  app.use('/assets', express.static(join(projectRoot, 'public/assets'), { maxAge: '1h' }));

  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 200 }));
  app.use(express.json({ limit: '20mb' }));
  app.use(
    session({
      store: new DbSessionStore(s.db),
      name: 'probity.sid',
      secret: s.config.secret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      genid: () => randomUUID() + randomUUID(),
      cookie: { httpOnly: true, sameSite: 'lax', secure: s.config.secureCookies, maxAge: s.config.sessionIdleMinutes * 60_000 },
    }),
  );
  app.use(currentUser(s.users, s.tokens, s.config.demoMode, s.config.sessionMaxHours));
  app.use(csrf);
  app.use(pageLocals(s));

  const registry = createRegistry();
  registerHealth(registry);
  const openApi = () => openApiDocument(registry);
  app.get('/api/openapi.json', (_req, res) => res.json(openApi()));
  app.get('/accessibility', (_req, res) => res.render('accessibility.njk', { pageTitle: 'Accessibility statement' }));
  app.use(signInRoutes(s.auth, s.users, s.config));
  if (s.config.oidc) app.use(oidcRoutes(s.config, s.users, s.auth));
  for (const m of s.modules) if (m.publicRoutes) app.use(m.publicRoutes);

  app.use(requireSignedIn);
  app.use(requirePasswordChosen);
  app.use(accountRoutes(s.users, s.audit));
  app.get('/', homePage(s));
  for (const m of s.modules) {
    if (m.api) app.use('/api', m.api(registry));
    if (m.routes) app.use(m.routes);
  }

  app.use(notFound);
  app.use(errorHandler(s.logger));
  return app;
}

/** The design systems' browser scripts, served one by one rather than exposing their package folders. */
function sendScript(path: string) {
  return (_req: Request, res: Response) => res.type('text/javascript').sendFile(join(projectRoot, path), { maxAge: '1d' });
}

function healthCheck(s: Services) {
  return async (_req: Request, res: Response) => {
    try {
      await s.db.query('select 1');
      res.json({ status: 'ok', database: s.db.engine });
    } catch {
      res.status(503).json({ status: 'unavailable', database: s.db.engine });
    }
  };
}

function registerHealth(registry: ReturnType<typeof createRegistry>) {
  registry.registerPath({
    method: 'get', path: '/health', summary: 'Liveness and the database engine in use (no sign-in)', tags: ['Platform'], security: [],
    responses: {
      200: { description: 'Up', content: { 'application/json': { schema: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']) }) } } },
      503: { description: 'The database does not answer', content: { 'application/json': { schema: z.object({ status: z.literal('unavailable'), database: z.string() }) } } },
    },
  });
}

function pageLocals(s: Services) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.demoMode = s.config.demoMode;
    const viewer = res.locals.viewer;
    if (viewer && res.locals.currentUser) {
      const items = s.modules.flatMap((m) => m.navigation?.(viewer) ?? []);
      res.locals.navigation = [{ text: 'Home', href: '/' }, ...items].map((i) => ({ ...i, active: i.href === '/' ? req.path === '/' : req.path.startsWith(i.href) }));
    }
    if (req.session?.flash && req.method === 'GET') {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    next();
  };
}

function homePage(s: Services) {
  return async (_req: Request, res: Response) => {
    const viewer = res.locals.viewer!;
    const actor = { viewer, correlationId: res.locals.correlationId, ip: _req.ip };
    const cards = (await Promise.all(s.modules.map((m) => m.homeCards?.(actor) ?? Promise.resolve([])))).flat();
    res.render('home.njk', {
      pageTitle: 'Home', cards, navigation: res.locals.navigation,
      canSearchPeople: canAny(viewer, 'read', 'person'),
      ownPersonId: viewer.personId,
    });
  };
}
