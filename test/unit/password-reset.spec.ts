import { PASSWORD_RESET_KIND, deliveryLink, passwordResetLink, passwordResetLinkIn, passwordResetMail, renderEmail, renderShortText } from '../../libs/domain/src';

describe('password-reset mail', () => {
  const token = 'A'.repeat(20) + '-_' + 'z'.repeat(21);
  const mail = passwordResetMail({ publicUrl: 'https://giaoviec.hanoi.gov.vn', token, email: 'cv.stc@hanoi.gov.vn' });
  const context = {
    deliveryId: 'd-1',
    notification: { id: '1', kind: PASSWORD_RESET_KIND, title: mail.title, body: mail.body, recipientRole: 'user', recipientAgency: null, createdAt: '2026-12-02T03:00:00Z' },
    recipientName: 'Chuyên viên STC',
    publicUrl: 'https://giaoviec.hanoi.gov.vn',
  };

  it('writes the one-time link into the body, in Vietnamese, with its lifetime', () => {
    expect(mail.body).toContain(passwordResetLink('https://giaoviec.hanoi.gov.vn', token));
    expect(mail.body).toMatch(/có hiệu lực trong 60 phút và chỉ dùng được một lần/);
    expect(passwordResetLinkIn(mail.body)).toBe(`https://giaoviec.hanoi.gov.vn/#/dat-lai-mat-khau?ma=${token}`);
  });

  it("points the mail's button at the reset link, not at the inbox", () => {
    expect(deliveryLink(context)).toBe(`https://giaoviec.hanoi.gov.vn/#/dat-lai-mat-khau?ma=${token}`);
    expect(renderEmail(context).html).toContain(`href="https://giaoviec.hanoi.gov.vn/#/dat-lai-mat-khau?ma=${token}"`);
    expect(renderShortText(context)).toContain(token);
    // A body without a link (never written so) falls back to the sign-in page, not to someone else's link.
    expect(deliveryLink({ ...context, notification: { ...context.notification, body: 'không có liên kết' } })).toBe('https://giaoviec.hanoi.gov.vn/#/dang-nhap');
  });

  it('leaves the links of other notifications as they were', () => {
    expect(deliveryLink({ ...context, notification: { ...context.notification, kind: 'task_assigned' } })).toBe('https://giaoviec.hanoi.gov.vn/#/thong-bao');
  });
});
