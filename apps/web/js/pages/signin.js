import { api, ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { forgetDirectory, loadDirectory } from '../directory.js';
import { commandForm, field } from '../forms.js';
import { errorNotice, loading, notice } from '../components.js';
import { label } from '../labels.js';
import { HOME, decodeJwt, saveSession } from '../session.js';

const ROLES = [
  { value: 'coordinator', description: 'Sở Kế hoạch và Đầu tư: giao, nghiệm thu, gia hạn, giao lại nhiệm vụ' },
  { value: 'agency', description: 'Sở, ngành, quận, huyện: tiếp nhận, báo cáo tiến độ và kết quả' },
  { value: 'leader', description: 'Lãnh đạo UBND Thành phố: theo dõi tổng quan, nhiệm vụ quá hạn' },
  { value: 'admin', description: 'Danh bạ cơ quan, lịch ngày nghỉ' },
];

const DEV_USERS = {
  coordinator: { sub: 'skhdt.dieuphoi', name: 'Chuyên viên Sở Kế hoạch và Đầu tư' },
  leader: { sub: 'ubnd.lanhdao', name: 'Lãnh đạo UBND Thành phố' },
  admin: { sub: 'quantri', name: 'Quản trị hệ thống' },
};

/** Why the OpenID provider's sign-in ended without a session (`?loi=` from /api/auth/oidc/callback). */
const OIDC_ERRORS = {
  oidc_unknown_user: 'Tài khoản định danh này chưa được cấp quyền dùng hệ thống Giao việc. Vui lòng liên hệ quản trị viên.',
  oidc_inactive: 'Tài khoản của bạn đã bị khóa. Vui lòng liên hệ quản trị viên.',
  oidc_email_unverified: 'Hệ thống định danh chưa xác minh địa chỉ e-mail của bạn, nên không thể đối chiếu với tài khoản Giao việc.',
  oidc_subject_mismatch: 'Tài khoản Giao việc có e-mail này đã gắn với một người dùng khác của hệ thống định danh.',
  oidc_unavailable: 'Không kết nối được hệ thống định danh. Vui lòng thử lại sau hoặc đăng nhập bằng mật khẩu.',
  oidc_off: 'Máy chủ chưa cấu hình đăng nhập qua hệ thống định danh.',
  oidc_failed: 'Đăng nhập qua hệ thống định danh không thành công (phiên đăng nhập đã hết hạn hoặc không hợp lệ). Vui lòng thử lại.',
};

export async function renderSignIn(container, { navigate, flash, query }) {
  replace(container, loading('Đang kiểm tra chế độ đăng nhập…'));
  const done = (session) => {
    forgetDirectory();
    flash(`Đã đăng nhập: ${session.name} (${label('role', session.role)}).`, 'success', { next: true });
    navigate(HOME[session.role] ?? '#/');
  };
  // Back from the identity provider: the API has set the sign-in cookie; the pages take its token.
  if (query?.get('oidc') === '1') {
    try {
      const { token } = await api('/auth/session', { token: null, credentials: 'same-origin' });
      if (token) {
        done(saveSession(token));
        return;
      }
    } catch {
      // falls through to the sign-in page, which says so
    }
  }
  const oidcError = query?.get('loi') ? (OIDC_ERRORS[query.get('loi')] ?? OIDC_ERRORS.oidc_failed) : query?.get('oidc') === '1' ? OIDC_ERRORS.oidc_failed : null;
  let config = { authMode: 'jwt', passwordSignIn: false, passwordReset: false, oidc: null };
  let modeError = null;
  try {
    config = await api('/auth/config', { token: null });
  } catch (error) {
    modeError = error;
  }
  // In dev auth mode any token can be had; one for reading the agency directory comes first,
  // because GET /api/agencies needs a signed-in user.
  let directoryToken = null;
  if (config.authMode === 'dev') {
    try {
      ({ token: directoryToken } = await api('/auth/dev-token', { method: 'POST', token: null, body: { sub: 'web.dang-nhap', name: 'Trang đăng nhập', role: 'leader' } }));
    } catch (error) {
      modeError = error;
    }
  }
  let directory = null;
  if (directoryToken) {
    try {
      directory = await loadDirectory(directoryToken);
    } catch (error) {
      modeError = error;
    }
    forgetDirectory();
  }

  replace(
    container,
    h(
      'div',
      { class: 'signin' },
      h('h1', { class: 'page-title' }, 'Đăng nhập'),
      h('p', { class: 'page-subtitle' }, 'Hệ thống giao việc và theo dõi thực hiện nhiệm vụ giữa các cơ quan của Thành phố.'),
      modeError ? errorNotice(modeError) : null,
      oidcError ? notice('error', h('p', {}, oidcError)) : null,
      config.oidc ? oidcCard(config.oidc) : null,
      config.passwordSignIn ? passwordForm(done, config.passwordReset) : null,
      directoryToken ? devForm(directory, done) : null,
      !directoryToken && !config.passwordSignIn ? notice('info', h('p', {}, 'Máy chủ dùng xác thực JWT: dán mã đăng nhập do hệ thống xác thực của cơ quan cấp.')) : null,
      jwtForm(done, Boolean(directoryToken) || config.passwordSignIn),
    ),
  );
}

/** The city's identity provider: a plain link, the API redirects there and back (code flow with PKCE). */
function oidcCard(oidc) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'oidc-signin-title' },
    h('h2', { class: 'card__title', id: 'oidc-signin-title' }, 'Đăng nhập một lần'),
    h('p', { class: 'muted' }, 'Dùng tài khoản của hệ thống định danh mà cơ quan đã cấp cho bạn.'),
    h('p', {}, h('a', { class: 'button button--primary', href: oidc.loginUrl }, oidc.label)),
  );
}

/** Built-in accounts: POST /api/auth/login sets the token cookie (same-origin) and answers the token. */
function passwordForm(done, passwordReset) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'password-signin-title' },
    h('h2', { class: 'card__title', id: 'password-signin-title' }, 'Đăng nhập bằng tài khoản'),
    commandForm({
      class: 'password-form',
      label: 'Đăng nhập bằng tài khoản',
      submitLabel: 'Đăng nhập bằng mật khẩu',
      children: [
        field({ name: 'email', label: 'Địa chỉ e-mail', type: 'email', required: true, attrs: { autocomplete: 'username', maxlength: 254 } }),
        field({ name: 'password', label: 'Mật khẩu', type: 'password', required: true, attrs: { autocomplete: 'current-password', maxlength: 200 } }),
      ],
      onSubmit: async ({ key, values }) => {
        try {
          const { token } = await api('/auth/login', { method: 'POST', token: null, credentials: 'same-origin', body: { email: values.email, password: values.password }, idempotencyKey: key });
          return saveSession(token);
        } catch (error) {
          if (error instanceof ApiError && error.status === 429) {
            const wait = error.retryAfterSeconds ? ` Vui lòng thử lại sau ${waitText(error.retryAfterSeconds)}.` : ' Vui lòng thử lại sau.';
            throw new ApiError(429, { message: `Đăng nhập sai quá nhiều lần.${wait}` }, error.retryAfterSeconds);
          }
          if (error instanceof ApiError && error.status === 401) {
            throw new ApiError(401, { message: 'E-mail hoặc mật khẩu không đúng.', details: [{ path: 'password', message: 'e-mail hoặc mật khẩu không đúng' }] });
          }
          throw error;
        }
      },
      onSuccess: done,
    }),
    passwordReset ? h('p', { class: 'muted' }, h('a', { href: '#/dat-lai-mat-khau' }, 'Quên mật khẩu?')) : null,
  );
}

/** "45 giây", "15 phút". */
function waitText(seconds) {
  return seconds < 90 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
}

function devForm(directory, done) {
  const radiosId = uid('role');
  const agencyField = field({
    name: 'agency',
    label: 'Cơ quan',
    type: 'select',
    required: true,
    options: directory ? directory.options({ empty: '— Chọn cơ quan —' }) : [{ value: '', label: 'Không tải được danh bạ' }],
  });
  agencyField.hidden = true;
  agencyField.querySelector('select').disabled = true;
  const nameField = field({ name: 'name', label: 'Họ tên hiển thị', hint: 'Không bắt buộc; để trống sẽ dùng tên mặc định của vai trò.', attrs: { autocomplete: 'name', maxlength: 200 } });

  const roleFieldset = h(
    'fieldset',
    { class: 'field role-picker', dataset: { field: 'role', label: 'Vai trò' } },
    h('legend', {}, 'Vai trò'),
    h(
      'div',
      { class: 'role-picker__options' },
      ROLES.map((role, index) => {
        const id = `${radiosId}-${role.value}`;
        return h(
          'div',
          { class: 'role-option' },
          h('input', { type: 'radio', name: 'role', id, value: role.value, checked: index === 0, required: true }),
          h('label', { for: id }, h('span', { class: 'role-option__label' }, label('role', role.value)), h('span', { class: 'role-option__description' }, role.description)),
        );
      }),
    ),
  );
  roleFieldset.addEventListener('change', () => {
    const isAgency = roleFieldset.querySelector('input:checked')?.value === 'agency';
    agencyField.hidden = !isAgency;
    agencyField.querySelector('select').disabled = !isAgency;
  });

  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'dev-signin-title' },
    h('h2', { class: 'card__title', id: 'dev-signin-title' }, 'Đăng nhập thử nghiệm'),
    h('p', { class: 'muted' }, 'Chế độ phát triển (AUTH_MODE=dev): chọn vai trò để nhận mã đăng nhập, không cần mật khẩu.'),
    commandForm({
      class: 'signin-form',
      label: 'Đăng nhập thử nghiệm',
      submitLabel: 'Đăng nhập',
      children: [roleFieldset, agencyField, nameField],
      onSubmit: async ({ key, values }) => {
        const role = values.role;
        let user;
        if (role === 'agency') {
          const agencyName = directory?.name(values.agency) ?? values.agency;
          user = { sub: `${values.agency.toLowerCase()}.chuyenvien`, name: values.name || `Chuyên viên ${agencyName}`, role, agency: values.agency };
        } else {
          user = { ...DEV_USERS[role], role, ...(values.name ? { name: values.name } : {}) };
        }
        const { token } = await api('/auth/dev-token', { method: 'POST', token: null, body: user, idempotencyKey: key });
        return saveSession(token);
      },
      onSuccess: done,
    }),
  );
}

function jwtForm(done, collapsed) {
  const form = commandForm({
    class: 'jwt-form',
    label: 'Đăng nhập bằng mã JWT',
    submitLabel: 'Đăng nhập bằng mã',
    submitClass: collapsed ? 'button--secondary' : 'button--primary',
    children: [
      field({
        name: 'token',
        label: 'Mã đăng nhập (JWT)',
        type: 'textarea',
        required: true,
        rows: 4,
        hint: 'Mã có các trường sub, name, role (coordinator, agency, leader, admin) và agency với vai trò cơ quan.',
        attrs: { spellcheck: 'false', autocomplete: 'off', class: 'mono' },
      }),
    ],
    onSubmit: async ({ values }) => {
      const claims = decodeJwt(values.token);
      if (!claims || !claims.role) {
        throw new ApiError(400, { message: 'Mã không hợp lệ.', details: [{ path: 'token', message: 'không phải mã JWT có trường role' }] });
      }
      try {
        await api('/agencies', { token: values.token });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          throw new ApiError(401, { message: error.message, details: [{ path: 'token', message: `máy chủ không chấp nhận mã này: ${error.message}` }] });
        }
        throw error;
      }
      return saveSession(values.token);
    },
    onSuccess: done,
  });
  const content = [h('p', { class: 'muted' }, 'Dán mã JWT do hệ thống xác thực cấp; mã được giữ trong thẻ trình duyệt này cho đến khi đóng thẻ hoặc đăng xuất.'), form];
  if (collapsed) {
    return h('details', { class: 'card card--details' }, h('summary', { class: 'card__title' }, 'Đăng nhập bằng mã JWT'), content);
  }
  return h('section', { class: 'card', 'aria-labelledby': 'jwt-title' }, h('h2', { class: 'card__title', id: 'jwt-title' }, 'Đăng nhập bằng mã JWT'), content);
}
