// Readers' reports over HTTP: the public report (mounted at /api/v1, before the comment
// router) and the moderators' Reported tab (mounted at /api/v1/moderation/reports behind
// requireUser, which answers 401 and checks CSRF; site access is checked by the service).
import { type Request, Router } from 'express';
import { currentUser } from '../auth';
import { input, validate } from '../http/validate';
import { presentCard } from '../moderation/moderation.presenter';
import { currentSite, loadSite, requireAllowedOrigin, siteCors } from '../sites/site.middleware';
import type { Site } from '../sites/site.model';
import type { ReportModeration } from './reportModeration.service';
import { presentReceived, presentReported } from './reports.presenter';
import { reportedActionRequest, reportedListRequest, reportRequest } from './reports.schema';
import type { ReportService } from './reports.service';

export const REPORT_PATH = '/sites/:site/comments/:id/reports';

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function createReportRouter(deps: {
  reports: ReportService;
  findSite: (id: string) => Promise<Site | undefined>;
}): Router {
  const router = Router();
  // Only this path: the comment router loads the site for its own.
  router.use(REPORT_PATH, loadSite(deps.findSite), siteCors);
  router.post(REPORT_PATH, requireAllowedOrigin, validate(reportRequest), async (req, res) => {
    const { params, body } = input(res, reportRequest);
    await deps.reports.reportComment(currentSite(res), params.id, body, {
      ip: req.ip,
      authorToken: header(req, 'parley-author-token'),
    });
    res.status(202).set('Cache-Control', 'no-store').json(presentReceived());
  });
  return router;
}

export function createReportModerationRouter(deps: { moderation: ReportModeration }): Router {
  const { moderation } = deps;
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'private, no-store');
    next();
  });

  router.get('/', validate(reportedListRequest), async (_req, res) => {
    const { query } = input(res, reportedListRequest);
    const reported = await moderation.listReported(currentUser(res), query.site);
    res.json({ comments: reported.map(presentReported) });
  });

  router.post('/:id/dismiss', validate(reportedActionRequest), async (_req, res) => {
    const { params } = input(res, reportedActionRequest);
    res.json({ dismissed: await moderation.dismissReports(currentUser(res), params.id) });
  });

  router.post('/:id/send-back', validate(reportedActionRequest), async (_req, res) => {
    const { params } = input(res, reportedActionRequest);
    res.json({ comment: presentCard(await moderation.sendBack(currentUser(res), params.id)) });
  });

  return router;
}
