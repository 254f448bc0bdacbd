import { loadConfig } from '../../libs/config/src';
import { buildCalendarSnapshot, DEFAULT_POLICY, DomainError } from '../../libs/domain/src';
import {
  afterFailure,
  buildDigest,
  digestHorizon,
  formatVietnameseDue,
  isWorkingDayEvent,
  nextDeliveryAttempt,
  nextOfficeMoment,
  planDeliveries,
  renderEmail,
  validateContacts,
  type AgencyContact,
  type RecipientDirectory,
} from '../../libs/domain/src/delivery';

const snapshot = buildCalendarSnapshot({ fromYear: 2025, toYear: 2026, overrides: [] });
const at = (local: string): number => Date.parse(`${local}+07:00`);

describe('contacts', () => {
  it('accepts a list and normalises addresses and phone numbers', () => {
    expect(validateContacts([{ name: ' Nguyễn Văn An ', role: 'officer', email: 'An@CucThue.gov.vn', phone: '+84912345678' }])).toEqual([
      { name: 'Nguyễn Văn An', role: 'officer', email: 'an@cucthue.gov.vn', phone: '0912345678' },
    ]);
  });

  it('names every bad field and accepts nothing', () => {
    try {
      validateContacts([{ name: 'A', role: 'officer' }, { name: 'B', role: 'boss', email: 'not-an-email', extra: 1 }]);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details?.map((detail) => detail.path).sort()).toEqual(['[1].email', '[1].extra', '[1].role']);
    }
  });
});

describe('recipient rules', () => {
  const contacts: Record<string, AgencyContact[]> = {
    'CT-HN': [
      { name: 'Thủ trưởng', role: 'head', email: 'head@ct.vn', phone: '0911111111' },
      { name: 'Chuyên viên', role: 'officer', email: 'officer@ct.vn', phone: '0922222222' },
      { name: 'Văn thư', role: 'clerk', email: 'clerk@ct.vn' },
    ],
    SKHDT: [{ name: 'Điều phối', role: 'officer', email: 'dieuphoi@skhdt.vn' }],
    'UBND-TP': [{ name: 'Phó Chủ tịch', role: 'head', email: 'pct@ubnd.vn' }],
  };
  const directory = (overrides: Partial<RecipientDirectory> = {}): RecipientDirectory => ({
    contactsOf: (agency) => contacts[agency] ?? [],
    perEventEmail: () => true,
    webhooks: [{ id: 'w1', url: 'https://eoffice.example/hook', events: ['reminder'] }],
    zaloEnabled: false,
    znsEnabled: false,
    smsEnabled: false,
    coordinatingAgency: 'SKHDT',
    ...overrides,
  });
  const recipients = (notification: Parameters<typeof planDeliveries>[0], dir = directory()) =>
    planDeliveries(notification, dir).map((delivery) => `${delivery.channel}:${delivery.recipient}`);

  it('sends reminders to the officers and the clerk, and to subscribed webhooks', () => {
    expect(recipients({ recipientRole: 'agency', recipientAgency: 'CT-HN', kind: 'reminder' })).toEqual(['email:officer@ct.vn', 'email:clerk@ct.vn', 'webhook:w1']);
  });

  it('sends head escalations to the head, coordinator ones to the coordinating office, leader ones to UBND-TP', () => {
    expect(recipients({ recipientRole: 'agency_head', recipientAgency: 'CT-HN', kind: 'escalated' })).toEqual(['email:head@ct.vn']);
    expect(recipients({ recipientRole: 'coordinator', recipientAgency: 'SKHDT', kind: 'escalated' })).toEqual(['email:dieuphoi@skhdt.vn']);
    expect(recipients({ recipientRole: 'leader', recipientAgency: null, kind: 'escalated' })).toEqual(['email:pct@ubnd.vn']);
  });

  it('keeps only the digest for an agency that turned per-event e-mails off; Zalo and SMS only when configured', () => {
    const quiet = directory({ perEventEmail: () => false, zaloEnabled: true, znsEnabled: true, smsEnabled: true });
    expect(recipients({ recipientRole: 'agency', recipientAgency: 'CT-HN', kind: 'assigned' }, quiet)).toEqual(['zalo:0922222222', 'sms:0922222222']);
    expect(recipients({ recipientRole: 'agency', recipientAgency: 'CT-HN', kind: 'digest' }, quiet)).toEqual(['email:officer@ct.vn']);
    expect(recipients({ recipientRole: 'agency_head', recipientAgency: 'CT-HN', kind: 'escalated' }, quiet)).toEqual(['zalo:0911111111', 'sms:0911111111']);
  });
});

describe('Zalo recipients', () => {
  const contacts: AgencyContact[] = [
    { name: 'Chuyên viên theo dõi OA', role: 'officer', phone: '0922222222', zaloUserId: '2468458835296197922' },
    { name: 'Văn thư', role: 'clerk', phone: '0933333333' },
  ];
  const directory = (zns: boolean): RecipientDirectory => ({
    contactsOf: () => contacts,
    perEventEmail: () => true,
    webhooks: [],
    zaloEnabled: true,
    znsEnabled: zns,
    smsEnabled: false,
    coordinatingAgency: 'SKHDT',
  });
  const zalo = (zns: boolean) =>
    planDeliveries({ recipientRole: 'agency', recipientAgency: 'CT-HN', kind: 'reminder' }, directory(zns)).map((delivery) => delivery.recipient);

  it('messages a follower of the OA by zaloUserId (not also by phone), and the others by phone through ZNS', () => {
    expect(zalo(true)).toEqual(['user_id:2468458835296197922', '0933333333']);
  });

  it('reaches only OA followers while no ZNS template is configured', () => {
    expect(zalo(false)).toEqual(['user_id:2468458835296197922']);
  });
});

describe('Zalo configuration', () => {
  it('is off without the OA token; the token alone reaches OA followers, a ZNS template adds phones', () => {
    expect(loadConfig({}).delivery.zalo).toBeUndefined();
    expect(loadConfig({ ZALO_ACCESS_TOKEN: 'oa-token' }).delivery.zalo).toEqual({ accessToken: 'oa-token', oaMessageUrl: 'https://openapi.zalo.me/v3.0/oa/message/transaction' });
    expect(loadConfig({ ZALO_ACCESS_TOKEN: 'oa-token', ZALO_TEMPLATE_ID: '7895417a7d3f9461cd2e' }).delivery.zalo?.zns).toEqual({
      url: 'https://business.openapi.zalo.me/message/template',
      templateId: '7895417a7d3f9461cd2e',
    });
  });
});

describe('office hours', () => {
  it('holds a retry that falls on a Saturday until Monday 08:00', () => {
    expect(new Date(nextOfficeMoment(snapshot, at('2025-03-08T10:00:00'))).toISOString()).toBe(new Date(at('2025-03-10T08:00:00')).toISOString());
  });

  it('holds a retry at night until the next working morning, and one before opening until 08:00', () => {
    expect(nextOfficeMoment(snapshot, at('2025-03-11T21:00:00'))).toBe(at('2025-03-12T08:00:00'));
    expect(nextOfficeMoment(snapshot, at('2025-03-12T06:00:00'))).toBe(at('2025-03-12T08:00:00'));
    expect(nextOfficeMoment(snapshot, at('2025-03-12T10:15:00'))).toBe(at('2025-03-12T10:15:00'));
  });

  it('skips Tết', () => {
    expect(nextOfficeMoment(snapshot, at('2025-01-25T20:00:00'))).toBe(at('2025-02-03T08:00:00'));
  });

  it('keeps working-day events to office hours, not exact durations', () => {
    expect(isWorkingDayEvent('reminder', DEFAULT_POLICY)).toBe(true);
    expect(isWorkingDayEvent('reminder', { ...DEFAULT_POLICY, remindBefore: ['PT5S'] })).toBe(false);
    expect(isWorkingDayEvent('assigned', DEFAULT_POLICY)).toBe(false);
    expect(isWorkingDayEvent('digest', {})).toBe(true);
  });

  it('holds the retry of a working-day event that fails on Friday evening until Monday 08:00, through the calendar', () => {
    const policy = { maxAttempts: 8, initialDelayMs: 30 * 60_000, maxDelayMs: 3_600_000 };
    // Friday 7 March 2025, 17:10: the retry 30 minutes later would fall after closing time.
    expect(nextDeliveryAttempt(policy, 1, at('2025-03-07T17:10:00'), snapshot)).toEqual({ dead: false, nextAttemptAtMs: at('2025-03-10T08:00:00') });
    // Within office hours it goes out after the backoff; an exact-duration event is never held.
    expect(nextDeliveryAttempt(policy, 1, at('2025-03-07T10:00:00'), snapshot)).toEqual({ dead: false, nextAttemptAtMs: at('2025-03-07T10:30:00') });
    expect(nextDeliveryAttempt(policy, 1, at('2025-03-07T17:10:00'))).toEqual({ dead: false, nextAttemptAtMs: at('2025-03-07T17:40:00') });
    // Before a public holiday (Giỗ Tổ Hùng Vương, Monday 7 April 2025) it waits for Tuesday.
    expect(nextDeliveryAttempt(policy, 2, at('2025-04-04T17:00:00'), snapshot)).toEqual({ dead: false, nextAttemptAtMs: at('2025-04-08T08:00:00') });
    expect(nextDeliveryAttempt(policy, 8, at('2025-03-07T17:10:00'), snapshot)).toEqual({ dead: true });
  });

  it('backs off exponentially and gives up after the last attempt', () => {
    const policy = { maxAttempts: 3, initialDelayMs: 1000, maxDelayMs: 1500 };
    expect(afterFailure(policy, 1, 0)).toEqual({ dead: false, nextAttemptAtMs: 1000 });
    expect(afterFailure(policy, 2, 0)).toEqual({ dead: false, nextAttemptAtMs: 1500 });
    expect(afterFailure(policy, 3, 0)).toEqual({ dead: true });
  });
});

describe('e-mail', () => {
  it('writes the due date the Vietnamese way', () => {
    expect(formatVietnameseDue('2024-12-09T17:00:00.000Z')).toBe('trước ngày 10 tháng 12 năm 2024');
    expect(formatVietnameseDue('2024-12-10T16:59:59.999Z')).toBe('chậm nhất ngày 10 tháng 12 năm 2024');
    expect(formatVietnameseDue('2024-12-10T09:30:00.000Z')).toBe('16 giờ 30 ngày 10 tháng 12 năm 2024');
  });

  it('names the task, the agency, the due date, what is asked and links to the task page', () => {
    const mail = renderEmail({
      deliveryId: 'd-1',
      notification: { id: '7', kind: 'reminder', title: 'Sắp đến hạn: Xử lý nợ thuế', body: 'Đề nghị hoàn thành <đúng hạn>.', recipientRole: 'agency', recipientAgency: 'CT-HN', createdAt: '2024-12-01T01:00:00Z' },
      task: { id: 't-1', title: 'Xử lý nợ thuế', leadAgency: 'CT-HN', leadAgencyName: 'Cục Thuế Hà Nội', dueAt: '2024-12-09T17:00:00.000Z', status: 'assigned' },
      recipientName: 'Nguyễn Văn An',
      publicUrl: 'https://giaoviec.hanoi.gov.vn',
    });
    expect(mail.subject).toBe('Sắp đến hạn: Xử lý nợ thuế');
    for (const part of ['Kính gửi: Nguyễn Văn An', 'Cục Thuế Hà Nội (CT-HN)', 'trước ngày 10 tháng 12 năm 2024', 'https://giaoviec.hanoi.gov.vn/#/nhiem-vu/t-1']) {
      expect(mail.text).toContain(part);
    }
    expect(mail.html).toContain('&lt;đúng hạn&gt;');
    expect(mail.html).toContain('href="https://giaoviec.hanoi.gov.vn/#/nhiem-vu/t-1"');
  });
});

describe('daily digest', () => {
  it('lists overdue tasks, tasks due within 7 working days and rounds awaiting a report, on a fixed day', () => {
    const digest = buildDigest({
      date: '2025-03-10',
      agencyName: 'Sở Tài chính',
      overdue: [{ title: 'Xử lý tài sản HTX giải thể', dueAt: '2025-03-06T17:00:00.000Z' }],
      dueSoon: [{ title: 'Rà soát nợ đọng', dueAt: '2025-03-14T16:59:59.999Z' }],
      roundsAwaiting: [{ title: 'Báo cáo năm 2025', dueText: 'trước ngày 10/12/2025' }],
    });
    expect(digest).toEqual({
      title: 'Tổng hợp nhiệm vụ ngày 10/3/2025: 1 quá hạn, 1 sắp đến hạn',
      body: [
        'Tổng hợp nhiệm vụ của Sở Tài chính ngày 10/3/2025.',
        '',
        'Nhiệm vụ quá hạn (1):',
        '- Xử lý tài sản HTX giải thể (hạn trước ngày 7 tháng 3 năm 2025)',
        '',
        'Nhiệm vụ đến hạn trong 7 ngày làm việc (1):',
        '- Rà soát nợ đọng (hạn chậm nhất ngày 14 tháng 3 năm 2025)',
        '',
        'Kỳ báo cáo chưa gửi báo cáo (1):',
        '- Báo cáo năm 2025 (trước ngày 10/12/2025)',
      ].join('\n'),
    });
    expect(buildDigest({ date: '2025-03-10', agencyName: 'STC', overdue: [], dueSoon: [], roundsAwaiting: [] })).toBeNull();
  });

  it('looks 7 working days ahead, across Tết', () => {
    expect(new Date(digestHorizon(snapshot, '2025-01-24')).toISOString()).toBe(new Date(at('2025-02-11T23:59:59.999')).toISOString());
  });
});
