// Builds the Express app from its dependencies, without listening, so tests drive the
// very same app with supertest.
import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import compression from 'compression';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { createAuthRouter, installAuth, requireRole, requireUser } from './auth';
import type { Clock } from './clock';
import { createCommenterListRouter } from './commenters/commenters.routes';
import { createCommenterListService } from './commenters/commenters.service';
import { createCommenterListReader } from './commenters/matcher';
import { createAuthorActions } from './comments/authorActions.service';
import { createCommentRouter } from './comments/comments.routes';
import { createCommentService } from './comments/comments.service';
import { type CommentListener, createCommentEvents } from './comments/events';
import type { Config } from './config';
import { createDashboardRouter } from './dashboard/dashboard.routes';
import { createDemoRouter } from './demo/demo.routes';
import { createEmbedRouter } from './embed/embed.routes';
import { createErrorHandler, notFoundHandler } from './errors';
import { createHealthRouter } from './health/health.routes';
import { createHomeRouter } from './home/home.routes';
import { requireSupportedBody } from './http/bodyType';
import { createFaviconRouter } from './http/favicon';
import { requestIdOf } from './http/requestId';
import { createLiveRouter } from './live/live.routes';
import { createLiveStreams, type LiveStreams } from './live/streams';
import { type Logger, maskUrlSecrets } from './logger';
import { createMetrics, createMetricsRouter, type Metrics, measureRequests } from './metrics';
import { createEmailLinkRouter } from './moderation/emailLinks/emailLinks.routes';
import { createEmailLinks } from './moderation/emailLinks/emailLinks.service';
import { createModerationRouter } from './moderation/moderation.routes';
import { createModerationService } from './moderation/moderation.service';
import { createUnsubscribeRouter } from './notify';
import type { EmailVault } from './privacy/emailVault';
import { createPrivacyRouter } from './privacy/privacy.routes';
import { createPrivacyRequests } from './privacy/privacy.service';
import { createReferenceRouter } from './reference/reference.routes';
import { createReportModeration } from './reports/reportModeration.service';
import { createReportModerationRouter, createReportRouter } from './reports/reports.routes';
import { createReportService } from './reports/reports.service';
import { createReadCache } from './threads/readCache';
import { findThreadRecord } from './threads/thread.model';
import { createWarmReads, type WarmReads } from './threads/warmReads';

export interface AppDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  vault: EmailVault;
  /**
   * Hears what moderators do to comments (src/comments/events.ts): the notifier. The audit
   * hears it first whatever is given here (src/moderation/moderation.service.ts).
   */
  events?: CommentListener;
  /** Shared with the worker in `npm start`; a registry of the app's own by default. */
  metrics?: Metrics;
  /** False while start-up work runs (see src/db/migrate.ts): /readyz answers 503 meanwhile. */
  isStarted?: () => boolean;
}

export interface Parley {
  /** The Express app: every route. */
  app: Express;
  /** What the HTTP server calls: warm thread reads first (src/threads/warmReads.ts), then the app. */
  listener: RequestListener;
  warmReads: WarmReads;
  metrics: Metrics;
  /** The live thread streams (src/live/): closed on shutdown, so the server can close. */
  live: LiveStreams;
}

/** The Express app alone, without the warm-read path in front of it. */
export function createApp(deps: AppDeps): Express {
  return createParley(deps).app;
}

export function createParley(deps: AppDeps): Parley {
  const { config, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // ETags are computed where they are cheap and meaningful (thread reads), not by hashing bodies.
  app.set('etag', false);
  app.set('trust proxy', config.TRUST_PROXY);
  const metrics = deps.metrics ?? createMetrics({ clock: deps.clock, log });
  app.use(measureRequests(metrics));

  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const id = requestIdOf(req) ?? randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: maskUrlSecrets(req.url) }),
        res: (res) => ({ statusCode: res.raw?.statusCode ?? res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Parley's own pages load only their own hashed stylesheets: no inline styles.
          styleSrc: ["'self'"],
          // Asking browsers to upgrade requests makes sense only when Parley is served over
          // TLS; on plain http (a LAN, a test host) it would break every page's assets.
          upgradeInsecureRequests: config.PUBLIC_URL.startsWith('https:') ? [] : null,
        },
      },
    }),
  );
  // Large JSON answers leave compressed; thread reads come compressed from their cache.
  app.use(compression());
  app.use(requireSupportedBody);
  app.use(express.json({ limit: config.BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT, parameterLimit: 100 }));

  app.use(createHealthRouter(deps.isStarted));
  app.use(createMetricsRouter({ metrics, token: config.METRICS_TOKEN }));
  app.use(createEmbedRouter());
  app.use(createFaviconRouter());
  app.use(createHomeRouter({ isProduction: config.NODE_ENV === 'production' }));
  app.use(createDashboardRouter());
  // The API reference holds nothing secret: served in production too.
  app.use(createReferenceRouter());
  // The demo page uses the `demo` site, which only exists outside production.
  if (config.NODE_ENV !== 'production') app.use(createDemoRouter({ publicUrl: config.PUBLIC_URL }));
  installAuth(app, { clock: deps.clock });
  app.use('/api/v1/auth', createAuthRouter({ clock: deps.clock, config, log }));
  const commenterLists = createCommenterListReader({ revalidateMs: config.READ_CACHE_REVALIDATE_MS });
  const comments = createCommentService({ vault: deps.vault, clock: deps.clock, commenterLists });
  const authors = createAuthorActions({
    clock: deps.clock,
    commenterLists,
    // A commenter's own edits and deletes are not moderators' acts: no audit, the notifier only.
    events: createCommentEvents({
      log,
      listeners: [deps.events],
      failureMessage: 'comment event listener failed',
    }),
  });
  const cache = createReadCache({
    revalidateMs: config.READ_CACHE_REVALIDATE_MS,
    staleMs: config.READ_CACHE_STALE_MS,
    maxBytes: config.READ_CACHE_MB * 1024 * 1024,
  });
  const warmReads = createWarmReads({ cache, log, metrics });
  const live = createLiveStreams({
    loadRecord: findThreadRecord,
    learn: cache.learn,
    log,
    pollMs: config.LIVE_POLL_MS,
    heartbeatMs: config.LIVE_HEARTBEAT_MS,
    maxStreams: config.LIVE_MAX_STREAMS,
    maxPerIp: config.LIVE_MAX_PER_IP,
  });
  app.use('/api/v1', createLiveRouter({ cache, live }));
  // Readers' reports (src/reports): before the comment router, whose site loading covers its own paths.
  const reports = createReportService({ vault: deps.vault, clock: deps.clock, log });
  app.use('/api/v1', createReportRouter({ reports, findSite: cache.site }));
  app.use('/api/v1', createCommentRouter({ comments, authors, cache, warmReads }));
  const moderation = createModerationService({
    vault: deps.vault,
    clock: deps.clock,
    log,
    events: deps.events,
  });
  const reported = createReportModeration({ vault: deps.vault, clock: deps.clock, log, events: deps.events });
  app.use('/api/v1/moderation/reports', requireUser, createReportModerationRouter({ moderation: reported }));
  const lists = createCommenterListService({
    vault: deps.vault,
    clock: deps.clock,
    onChange: commenterLists.forget,
  });
  app.use('/api/v1/moderation/sites', requireUser, createCommenterListRouter({ lists, clock: deps.clock }));
  // A commenter's data on request (src/privacy/): admins only, as they administer every site.
  const privacy = createPrivacyRequests({ vault: deps.vault, clock: deps.clock, log });
  app.use('/api/v1/moderation/privacy', requireUser, requireRole('admin'), createPrivacyRouter({ privacy }));
  app.use('/api/v1/moderation', requireUser, createModerationRouter({ moderation }));
  app.use(createUnsubscribeRouter({ vault: deps.vault, clock: deps.clock }));
  const links = createEmailLinks({ vault: deps.vault, clock: deps.clock, moderation });
  app.use(createEmailLinkRouter({ links }));

  app.use(notFoundHandler);
  app.use(createErrorHandler(log));
  const listener: RequestListener = (req, res) => {
    let isServed = false;
    try {
      isServed = warmReads.serve(req, res);
    } catch (error) {
      log.error({ err: error }, 'a warm read failed: Express answers it');
    }
    if (!isServed && !res.headersSent) app(req, res);
  };
  return { app, listener, warmReads, metrics, live };
}
