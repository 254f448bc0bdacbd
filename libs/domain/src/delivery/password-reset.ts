/**
 * The e-mail with a password-reset link (issue 13): sent through the notification outbox to one
 * user (`recipient_role = 'user'`), its link carrying the one-time token that only the mail holds.
 */
export const PASSWORD_RESET_KIND = 'password_reset';

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_SECONDS = 60 * 60;

/** The reset page of the web pages, with the token. */
export function passwordResetLink(publicUrl: string, token: string): string {
  return `${publicUrl}/#/dat-lai-mat-khau?ma=${encodeURIComponent(token)}`;
}

/** The link written in a reset mail's body (what the mail's button points to), or undefined. */
export function passwordResetLinkIn(body: string): string | undefined {
  return /https?:\/\/\S+\/#\/dat-lai-mat-khau\?ma=[A-Za-z0-9_-]+/.exec(body)?.[0];
}

export function passwordResetMail(options: { publicUrl: string; token: string; email: string }): { title: string; body: string } {
  const minutes = PASSWORD_RESET_TTL_SECONDS / 60;
  return {
    title: 'Đặt lại mật khẩu hệ thống Giao việc',
    body: [
      `Hệ thống Giao việc nhận được yêu cầu đặt lại mật khẩu cho tài khoản ${options.email}.`,
      `Mở liên kết sau để đặt mật khẩu mới (có hiệu lực trong ${minutes} phút và chỉ dùng được một lần):`,
      passwordResetLink(options.publicUrl, options.token),
      'Nếu bạn không yêu cầu đặt lại mật khẩu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn được giữ nguyên.',
    ].join('\n'),
  };
}
