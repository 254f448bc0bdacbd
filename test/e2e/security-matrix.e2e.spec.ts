import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Issue 13's route × principal matrix: every route the API registers is tried by every role, an agency
 * and a district that are not the task's, and no token. The expected access is written here, from the
 * API contract (DESIGN.md), not read back from the code: a new route without an entry fails the test.
 *
 * `public`: anyone, no token needed. Otherwise the roles that may call it; `agency` on a route of one
 * task means only that task's agencies (lead or coordinating, as the route says) — another agency or district learns nothing (404, as if the
 * task did not exist). Allowed means "not refused for who you are": the matrix sends empty bodies and
 * made-up ids, so a 400, 404 or 409 is fine; a 401, a 403 or any 5xx is not.
 */
type Access = 'public' | readonly ('coordinator' | 'leader' | 'agency' | 'admin')[];
const SIGNED_IN = ['coordinator', 'leader', 'agency', 'admin'] as const;

const MATRIX: Record<string, Access> = {
  'GET /api/health': 'public',
  'GET /api/health/live': 'public',
  'GET /api/health/ready': 'public',
  'GET /api/meta/labels': 'public',
  'GET /api/auth/config': 'public',
  'POST /api/auth/dev-token': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/session': 'public',
  'POST /api/auth/password-reset': 'public',
  'POST /api/auth/password-reset/confirm': 'public',
  'GET /api/auth/oidc/login': 'public',
  'GET /api/auth/oidc/callback': 'public',
  'GET /api/plans/schema': 'public',

  'GET /api/agencies': SIGNED_IN,
  'GET /api/agencies/groups': SIGNED_IN,
  'GET /api/agencies/reorganizations': SIGNED_IN,
  'POST /api/agencies/reorganizations': ['admin'],
  'DELETE /api/agencies/reorganizations/:id': ['admin'],
  'GET /api/agencies/:code/contacts': ['admin', 'coordinator'],
  'PUT /api/agencies/:code/contacts': ['admin'],
  'GET /api/agencies/:code/delivery-settings': ['admin', 'coordinator'],
  'PUT /api/agencies/:code/delivery-settings': ['admin'],
  'POST /api/webhooks': ['admin'],
  'GET /api/webhooks': ['admin'],
  'DELETE /api/webhooks/:id': ['admin'],
  'GET /api/notifications/:id/deliveries': ['admin', 'coordinator'],
  'GET /api/deliveries': ['admin'],
  'POST /api/deliveries/:id/retry': ['admin'],

  'POST /api/users': ['admin'],
  'GET /api/users': ['admin'],
  'GET /api/users/:id': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'GET /api/audit': ['admin'],

  'GET /api/calendar/holidays': SIGNED_IN,
  'GET /api/calendar/working-days': SIGNED_IN,
  'GET /api/calendar/add-working-days': SIGNED_IN,
  'GET /api/calendar/overrides': ['admin', 'coordinator'],
  'PUT /api/calendar/overrides/:date': ['admin'],
  'DELETE /api/calendar/overrides/:date': ['admin'],

  'GET /api/dashboard/overview': ['coordinator', 'leader'],
  'GET /api/notifications': ['coordinator', 'leader', 'agency', 'admin'],
  'POST /api/notifications/:id/read': ['coordinator', 'leader', 'agency', 'admin'],

  'POST /api/plans/drafts': ['coordinator'],
  'POST /api/plans': ['coordinator'],
  'GET /api/plans': ['coordinator', 'leader'],
  'GET /api/plans/:id': ['coordinator', 'leader'],
  'GET /api/plans/:id/indicators': ['coordinator', 'leader'],
  'POST /api/plans/:id/issue': ['coordinator'],
  'POST /api/plans/:id/close': ['coordinator'],
  'POST /api/plans/:planId/reporting-rounds': ['coordinator'],
  'GET /api/plans/:planId/reporting-rounds': ['coordinator', 'leader'],
  'GET /api/reporting-rounds': ['coordinator', 'leader', 'agency'],
  'GET /api/reporting-rounds/:id': ['coordinator', 'leader', 'agency'],
  'POST /api/reporting-rounds/:id/reports': ['agency'],
  'GET /api/reporting-rounds/:id/reports': ['coordinator', 'leader', 'agency'],
  'POST /api/reporting-rounds/:id/close': ['coordinator'],
  'GET /api/reporting-rounds/:id/summary': ['coordinator', 'leader'],

  // The contract: `GET /api/tasks` all (an agency its own only); one task: coordinator, leader, its agencies.
  'GET /api/tasks': SIGNED_IN,
  'POST /api/tasks': ['coordinator'],
  'GET /api/tasks/:id': ['coordinator', 'leader', 'agency'],
  'GET /api/tasks/:id/inputs': ['coordinator', 'leader', 'agency'],
  'POST /api/tasks/:id/inputs': ['agency'],
  'POST /api/tasks/:id/acknowledge': ['agency'],
  'POST /api/tasks/:id/progress': ['agency'],
  'POST /api/tasks/:id/submit': ['agency'],
  'POST /api/tasks/:id/extension-requests': ['agency'],
  'POST /api/tasks/:id/accept': ['coordinator'],
  'POST /api/tasks/:id/return': ['coordinator'],
  'POST /api/tasks/:id/cancel': ['coordinator'],
  'POST /api/tasks/:id/extension-requests/:rid/approve': ['coordinator'],
  'POST /api/tasks/:id/extension-requests/:rid/reject': ['coordinator'],
  'POST /api/tasks/:id/reassign': ['coordinator'],
};

/**
 * Well-formed bodies where a route checks its body before the task's parties: without them a stranger's 400
 * would say nothing about whether it may see the task. Sent in MATRIX order, they walk the task through.
 */
const VALID_BODIES: Record<string, object> = {
  'POST /api/tasks/:id/inputs': { note: 'Ý kiến phối hợp' },
  'POST /api/tasks/:id/progress': { percent: 10, note: 'Đã rà soát' },
  'POST /api/tasks/:id/submit': { summary: 'Đã hoàn thành' },
  'POST /api/tasks/:id/extension-requests': { newDueAt: new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString(), reason: 'Chờ số liệu' },
};

/** Of a task's agencies, only the lead agency gives these commands, and only a coordinating agency adds its input. */
const LEAD_AGENCY_ONLY = new Set(['POST /api/tasks/:id/acknowledge', 'POST /api/tasks/:id/progress', 'POST /api/tasks/:id/submit', 'POST /api/tasks/:id/extension-requests']);
const COORDINATING_AGENCY_ONLY = new Set(['POST /api/tasks/:id/inputs']);

interface Principal {
  name: string;
  role: 'coordinator' | 'leader' | 'agency' | 'admin' | null;
  /** An agency's part in the matrix task: lead, coordinating, or none (it must not learn the task exists). */
  part?: 'lead' | 'coordinating' | 'foreign';
  token?: string;
}

/** Every route Express has registered for the API: `METHOD /api/path/:param`. */
function registeredRoutes(stack: TestStack): string[] {
  const express = stack.app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } };
  const layers = (express.router ?? express._router)?.stack ?? [];
  const routes = new Set<string>();
  for (const layer of layers as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    // Swagger UI's own files (off in production unless enabled, see the config) are not routes of giaoviec.
    if (!layer.route || !layer.route.path.startsWith('/api/') || /^\/api\/docs($|[-/])/.test(layer.route.path)) continue;
    // Nest mounts app-wide middleware (the request logger) as a catch-all of every method: not a route.
    if (layer.route.path.includes('{*')) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return [...routes].sort();
}

describe('security: route × principal matrix (end to end)', () => {
  let stack: TestStack;
  let taskId: string;
  const principals: Principal[] = [
    { name: 'coordinator', role: 'coordinator' },
    { name: 'leader', role: 'leader' },
    { name: 'admin', role: 'admin' },
    { name: 'the lead agency', role: 'agency', part: 'lead' },
    { name: 'a coordinating agency', role: 'agency', part: 'coordinating' },
    { name: 'another agency', role: 'agency', part: 'foreign' },
    { name: 'another district', role: 'agency', part: 'foreign' },
    { name: 'no token', role: null },
  ];

  beforeAll(async () => {
    stack = await startTestStack();
    const subjects: Record<string, { sub: string; agency?: string }> = {
      coordinator: { sub: 'skhdt.dieuphoi' },
      leader: { sub: 'ubnd.lanhdao' },
      admin: { sub: 'quantri' },
      'the lead agency': { sub: 'stc.chuyenvien', agency: 'STC' },
      'a coordinating agency': { sub: 'cthn.chuyenvien', agency: 'CT-HN' },
      'another agency': { sub: 'sct.chuyenvien', agency: 'SCT' },
      'another district': { sub: 'badinh.chuyenvien', agency: 'UBND-BA-DINH' },
    };
    for (const principal of principals) {
      if (principal.role) principal.token = await stack.tokenFor({ ...subjects[principal.name], role: principal.role });
    }
    const coordinator = principals[0].token!;
    const dueAt = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();
    taskId = (await stack.http.post('/api/tasks').set('Authorization', `Bearer ${coordinator}`).send({ title: 'Nhiệm vụ của ma trận quyền', leadAgency: 'STC', coordinatingAgencies: ['CT-HN'], dueAt }).expect(201)).body.id;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('has an entry for every registered route, and no entry for a route that is gone', () => {
    const routes = registeredRoutes(stack);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((route) => !(route in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((route) => !routes.includes(route))).toEqual([]);
  });

  /** A concrete path: the matrix task for a task route, made-up ids elsewhere. */
  function concretePath(route: string): string {
    const path = route.split(' ')[1];
    return path
      .replace(/^\/api\/tasks\/:id/, `/api/tasks/${taskId}`)
      .replace(':code', 'STC')
      .replace(':date', '2030-01-02')
      .replace(/:[A-Za-z]+/g, () => randomUUID());
  }

  it('refuses every principal the matrix does not allow, and lets the allowed ones past the checks of who they are', async () => {
    const surprises: string[] = [];
    for (const route of Object.keys(MATRIX)) {
      const access = MATRIX[route];
      const [method] = route.split(' ');
      const path = concretePath(route);
      const ownTask = route.includes('/api/tasks/:id');
      for (const principal of principals) {
        let call = stack.http[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
        if (principal.token) call = call.set('Authorization', `Bearer ${principal.token}`);
        if (method !== 'GET' && method !== 'DELETE') call = call.send(VALID_BODIES[route] ?? {});
        const { status } = await call;
        let expected: string;
        let ok: boolean;
        if (access === 'public') {
          expected = 'allowed';
          ok = status !== 401 && status !== 403 && status < 500;
        } else if (!principal.role) {
          expected = '401';
          ok = status === 401;
        } else if (!access.includes(principal.role)) {
          expected = '403';
          ok = status === 403;
        } else if (ownTask && principal.part === 'foreign') {
          expected = '404 (the task is not its own)';
          ok = status === 404;
        } else if ((LEAD_AGENCY_ONLY.has(route) && principal.part === 'coordinating') || (COORDINATING_AGENCY_ONLY.has(route) && principal.part === 'lead')) {
          expected = '403 (not its part in the task)';
          ok = status === 403;
        } else {
          expected = 'allowed';
          ok = status !== 401 && status !== 403 && status < 500;
        }
        if (!ok) surprises.push(`${route} as ${principal.name}: ${status}, expected ${expected}`);
      }
    }
    expect(surprises).toEqual([]);
  }, 120_000);
});
