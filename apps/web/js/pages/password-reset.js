import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { commandForm, field } from '../forms.js';
import { notice } from '../components.js';

const PASSWORD_MIN_LENGTH = 10;

/**
 * Password reset: without `?ma=` it asks for the e-mail address (POST /api/auth/password-reset, the
 * same answer whether the address has an account or not); with the token of the mailed link it sets
 * the new password (POST /api/auth/password-reset/confirm).
 */
export async function renderPasswordReset(container, { navigate, flash, query }) {
  const token = query?.get('ma');
  if (token) {
    // The token is in the address bar: keep it out of the history once the page has it.
    window.history.replaceState(null, '', `${window.location.pathname}#/dat-lai-mat-khau?ma=…`);
    replace(container, newPasswordCard(token, () => {
      flash('Đã đặt mật khẩu mới. Vui lòng đăng nhập bằng mật khẩu mới.', 'success', { next: true });
      navigate('#/dang-nhap');
    }));
    return;
  }
  replace(container, requestCard());
}

function page(...children) {
  return h('div', { class: 'signin' }, h('h1', { class: 'page-title' }, 'Đặt lại mật khẩu'), ...children);
}

function requestCard() {
  const result = h('div', { 'aria-live': 'polite' });
  return page(
    h('p', { class: 'page-subtitle' }, 'Nhập địa chỉ e-mail của tài khoản; hệ thống sẽ gửi thư có liên kết để đặt mật khẩu mới.'),
    h(
      'section',
      { class: 'card' },
      result,
      commandForm({
        class: 'password-reset-form',
        label: 'Yêu cầu đặt lại mật khẩu',
        submitLabel: 'Gửi liên kết đặt lại mật khẩu',
        children: [field({ name: 'email', label: 'Địa chỉ e-mail', type: 'email', required: true, attrs: { autocomplete: 'username', maxlength: 254 } })],
        onSubmit: async ({ key, values }) => api('/auth/password-reset', { method: 'POST', token: null, body: { email: values.email }, idempotencyKey: key }),
        onSuccess: ({ message }) => replace(result, notice('info', h('p', {}, message))),
      }),
      h('p', { class: 'muted' }, h('a', { href: '#/dang-nhap' }, 'Quay lại trang đăng nhập')),
    ),
  );
}

function newPasswordCard(token, done) {
  return page(
    h(
      'section',
      { class: 'card' },
      commandForm({
        class: 'password-reset-confirm-form',
        label: 'Đặt mật khẩu mới',
        submitLabel: 'Đặt mật khẩu mới',
        children: [
          field({ name: 'password', label: 'Mật khẩu mới', type: 'password', required: true, hint: `Ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`, attrs: { autocomplete: 'new-password', minlength: PASSWORD_MIN_LENGTH, maxlength: 256 } }),
          field({ name: 'repeat', label: 'Nhập lại mật khẩu mới', type: 'password', required: true, attrs: { autocomplete: 'new-password', maxlength: 256 } }),
        ],
        onSubmit: async ({ key, values }) => {
          if (values.password !== values.repeat) {
            throw new ApiError(400, { message: 'Hai mật khẩu không khớp nhau.', details: [{ path: 'repeat', message: 'không khớp với mật khẩu mới' }] });
          }
          try {
            await api('/auth/password-reset/confirm', { method: 'POST', token: null, body: { token, password: values.password }, idempotencyKey: key });
          } catch (error) {
            // The token is not a field of this form: say it in words, with the way out.
            if (error instanceof ApiError && error.details.some((detail) => detail.path === 'token')) {
              throw new ApiError(400, { message: `${error.message} Vui lòng yêu cầu một liên kết mới.` });
            }
            throw error;
          }
        },
        onSuccess: done,
      }),
      h('p', { class: 'muted' }, h('a', { href: '#/dat-lai-mat-khau' }, 'Yêu cầu liên kết mới')),
    ),
  );
}
