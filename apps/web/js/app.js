import { api, onUnauthenticated } from './api.js';
import { h, replace } from './dom.js';
import { forgetDirectory, loadDirectory } from './directory.js';
import { label, loadLabels } from './labels.js';
import { HOME, clearSession, getSession } from './session.js';
import { errorNotice, loading } from './components.js';
import { renderSignIn } from './pages/signin.js';
import { renderPasswordReset } from './pages/password-reset.js';
import { renderLeader } from './pages/leader.js';
import { renderAgency } from './pages/agency.js';
import { renderCoordinator, renderCreateTask } from './pages/coordinator.js';
import { renderTask } from './pages/task.js';
import { renderPlans } from './pages/plans.js';
import { renderPlanDraft } from './pages/plan-draft.js';
import { renderNotifications } from './pages/notifications.js';
import { renderAdmin } from './pages/admin.js';
import { renderReorganizations } from './pages/admin-reorganizations.js';
import { renderRounds } from './pages/rounds.js';
import { renderRound } from './pages/round.js';

/** Routes: hash path → page, with the roles that may open it. */
const ROUTES = [
  { path: /^\/dang-nhap$/, page: renderSignIn, public: true, title: 'Đăng nhập' },
  { path: /^\/dat-lai-mat-khau$/, page: renderPasswordReset, public: true, title: 'Đặt lại mật khẩu' },
  { path: /^\/lanh-dao$/, page: renderLeader, roles: ['leader', 'coordinator'], title: 'Tổng quan' },
  { path: /^\/co-quan$/, page: renderAgency, roles: ['agency'], title: 'Nhiệm vụ của cơ quan' },
  { path: /^\/dieu-phoi$/, page: renderCoordinator, roles: ['coordinator', 'leader'], title: 'Nhiệm vụ' },
  { path: /^\/giao-viec$/, page: renderCreateTask, roles: ['coordinator'], title: 'Giao nhiệm vụ' },
  { path: /^\/ke-hoach$/, page: renderPlans, roles: ['coordinator', 'leader'], title: 'Kế hoạch' },
  { path: /^\/ke-hoach\/du-thao$/, page: renderPlanDraft, roles: ['coordinator'], title: 'Dự thảo kế hoạch từ văn bản' },
  { path: /^\/nhiem-vu\/([0-9a-fA-F-]{36})$/, page: renderTask, roles: ['coordinator', 'leader', 'agency'], title: 'Chi tiết nhiệm vụ' },
  { path: /^\/bao-cao$/, page: renderRounds, roles: ['coordinator', 'leader', 'agency'], title: 'Báo cáo định kỳ' },
  { path: /^\/bao-cao\/([0-9a-fA-F-]{36})$/, page: renderRound, roles: ['coordinator', 'leader', 'agency'], title: 'Đợt báo cáo' },
  { path: /^\/thong-bao$/, page: renderNotifications, roles: ['coordinator', 'leader', 'agency'], title: 'Thông báo' },
  { path: /^\/quan-tri$/, page: renderAdmin, roles: ['admin'], title: 'Quản trị' },
  { path: /^\/quan-tri\/sap-xep$/, page: renderReorganizations, roles: ['admin'], title: 'Sắp xếp tổ chức bộ máy' },
];

const NAV = {
  coordinator: [
    ['#/dieu-phoi', 'Nhiệm vụ'],
    ['#/giao-viec', 'Giao nhiệm vụ'],
    ['#/ke-hoach', 'Kế hoạch'],
    ['#/ke-hoach/du-thao', 'Dự thảo từ văn bản'],
    ['#/bao-cao', 'Báo cáo định kỳ'],
    ['#/lanh-dao', 'Tổng quan'],
    ['#/thong-bao', 'Thông báo'],
  ],
  agency: [
    ['#/co-quan', 'Nhiệm vụ của cơ quan'],
    ['#/bao-cao', 'Báo cáo định kỳ'],
    ['#/thong-bao', 'Thông báo'],
  ],
  leader: [
    ['#/lanh-dao', 'Tổng quan'],
    ['#/dieu-phoi', 'Tra cứu nhiệm vụ'],
    ['#/ke-hoach', 'Kế hoạch'],
    ['#/bao-cao', 'Báo cáo định kỳ'],
    ['#/thong-bao', 'Thông báo'],
  ],
  admin: [
    ['#/quan-tri', 'Quản trị'],
    ['#/quan-tri/sap-xep', 'Sắp xếp tổ chức'],
  ],
};

const main = document.getElementById('main');
const nav = document.getElementById('site-nav');
const userBox = document.getElementById('user-box');
const flashRegion = document.getElementById('flash');

let keepFlash = false;

/**
 * A message shown above the page until the user goes to another page; with `{ next: true }` it is
 * meant for the page being navigated to, and stays there.
 */
export function flash(message, kind = 'success', { next = false } = {}) {
  keepFlash = next;
  replace(flashRegion, h('div', { class: ['flash', `flash--${kind}`] }, h('p', {}, message), h('button', { type: 'button', class: 'flash__close', 'aria-label': 'Đóng thông báo', onclick: () => replace(flashRegion) }, '×')));
}

function parseHash() {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return { path, query: new URLSearchParams(search) };
}

export function navigate(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

let renderCount = 0;
let lastPath = null;

async function route() {
  const session = getSession();
  const { path, query } = parseHash();
  if (path !== lastPath && lastPath !== null) {
    if (keepFlash) keepFlash = false;
    else replace(flashRegion);
  }
  lastPath = path;
  try {
    await loadLabels();
  } catch (error) {
    showPage('Không tải được trang', errorNotice(error));
    return;
  }
  if (path === '/' || path === '') {
    navigate(session ? (HOME[session.role] ?? '#/dang-nhap') : '#/dang-nhap');
    return;
  }
  const match = ROUTES.map((candidate) => ({ candidate, found: candidate.path.exec(path) })).find(({ found }) => found);
  renderChrome(session, path);
  if (!match) {
    showPage('Không tìm thấy trang', h('div', { class: 'card' }, h('h1', { class: 'page-title' }, 'Không tìm thấy trang'), h('p', {}, h('a', { href: '#/' }, 'Về trang chính'))));
    return;
  }
  const { candidate, found } = match;
  if (!candidate.public && !session) {
    navigate('#/dang-nhap');
    return;
  }
  if (candidate.roles && !candidate.roles.includes(session.role)) {
    showPage('Không có quyền', h('div', { class: 'card' }, h('h1', { class: 'page-title' }, 'Trang này không dành cho vai trò của bạn'), h('p', {}, h('a', { href: HOME[session.role] ?? '#/' }, 'Về trang của bạn'))));
    return;
  }
  const container = h('div', { class: 'page-body' }, loading());
  showPage(candidate.title, container);
  const current = ++renderCount;
  try {
    await candidate.page(container, {
      session,
      params: found.slice(1),
      query,
      navigate,
      flash,
      refreshChrome: () => renderChrome(getSession(), parseHash().path),
      isCurrent: () => current === renderCount,
    });
  } catch (error) {
    if (current === renderCount) replace(container, errorNotice(error));
  }
}

function showPage(title, content) {
  document.title = `${title} — Giao việc`;
  replace(main, content);
}

async function renderChrome(session, path) {
  if (!session) {
    nav.hidden = true;
    userBox.hidden = true;
    return;
  }
  const items = NAV[session.role] ?? [];
  const unread = h('span', { class: 'count-badge', hidden: true });
  replace(
    nav,
    h(
      'ul',
      { class: 'site-nav__list' },
      items.map(([href, label]) =>
        h('li', {}, h('a', { href, class: 'site-nav__link', 'aria-current': href === `#${path}` || path.startsWith(`${href.slice(1)}/`) ? 'page' : undefined }, label, href === '#/thong-bao' ? [' ', unread] : null)),
      ),
    ),
  );
  nav.hidden = items.length === 0;
  const agencyLabel = h('span', { class: 'user-box__agency' }, session.agency ?? '');
  replace(
    userBox,
    h(
      'div',
      { class: 'user-box__who' },
      h('span', { class: 'user-box__name' }, session.name || session.sub),
      h('span', { class: 'user-box__role' }, label('role', session.role), session.agency ? [' · ', agencyLabel] : null),
    ),
    h('button', { type: 'button', class: 'button button--ghost-light button--small', onclick: signOut }, 'Đăng xuất'),
  );
  userBox.hidden = false;
  if (session.agency) {
    loadDirectory()
      .then((directory) => {
        agencyLabel.textContent = directory.name(session.agency);
        agencyLabel.title = session.agency;
      })
      .catch(() => undefined);
  }
  if (items.some(([href]) => href === '#/thong-bao')) {
    api('/notifications', { query: { unread: true, limit: 1 } })
      .then((inbox) => {
        unread.hidden = !inbox.unread;
        unread.textContent = String(inbox.unread);
        unread.setAttribute('aria-label', `${inbox.unread} thông báo chưa đọc`);
      })
      .catch(() => undefined);
  }
}

async function signOut() {
  // Clears the httpOnly token cookie too; the page signs out even when the server cannot be reached.
  await api('/auth/logout', { method: 'POST', token: null, credentials: 'same-origin' }).catch(() => undefined);
  clearSession();
  forgetDirectory();
  navigate('#/dang-nhap');
}

onUnauthenticated(() => {
  clearSession();
  forgetDirectory();
  flash('Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.', 'error', { next: true });
  navigate('#/dang-nhap');
});

window.addEventListener('hashchange', route);
route();
