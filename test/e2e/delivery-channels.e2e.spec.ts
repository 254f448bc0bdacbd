import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryContext } from '@giaoviec/domain';
import { DeliveryFailure } from '../../apps/worker/src/delivery/channel';
import { SmsChannel } from '../../apps/worker/src/delivery/sms.channel';
import { ZaloChannel } from '../../apps/worker/src/delivery/zalo.channel';

type Handler = (request: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }) => { status: number; json: unknown };

/** A local stand-in for a provider: a real HTTP server that checks each request as the provider documents it. */
async function startProvider(handler: Handler) {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = handler({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

const context: DeliveryContext = {
  deliveryId: '6f1c1a52-93a4-4ad8-9d43-0d0f3f1b2c11',
  notification: { id: '9', kind: 'reminder', title: 'Sắp đến hạn: Thu hồi nợ thuế', body: 'Đề nghị hoàn thành đúng hạn.', recipientRole: 'agency', recipientAgency: 'CT-HN', createdAt: '2025-03-10T01:00:00.000Z' },
  task: { id: 't-1', title: 'Thu hồi nợ thuế', leadAgency: 'CT-HN', leadAgencyName: 'Cục Thuế Hà Nội', dueAt: '2025-03-13T17:00:00.000Z', status: 'in_progress' },
  recipientName: 'Nguyễn Văn An',
  publicUrl: 'https://giaoviec.hanoi.gov.vn',
};
const delivery = { id: context.deliveryId, recipient: '0912345678', webhookId: null, context };

describe('Zalo ZNS adapter (contract)', () => {
  // As documented for POST https://business.openapi.zalo.me/message/template: header access_token,
  // JSON {phone (84…), template_id, template_data, tracking_id}; HTTP 200 with {error, message, data}.
  const zns: Handler = ({ method, url, headers, body }) => {
    const json = JSON.parse(body);
    if (method !== 'POST' || url !== '/message/template' || !String(headers['content-type']).startsWith('application/json')) {
      return { status: 200, json: { error: -106, message: 'Method unsupported' } };
    }
    if (headers.access_token !== 'oa-access-token') return { status: 200, json: { error: -124, message: 'Access token invalid' } };
    if (!/^84\d{9,10}$/.test(json.phone)) return { status: 200, json: { error: -108, message: 'Phone number invalid' } };
    if (json.template_id !== '7895417a7d3f9461cd2e') return { status: 200, json: { error: -109, message: 'Template ID invalid' } };
    expect(Object.keys(json).sort()).toEqual(['phone', 'template_data', 'template_id', 'tracking_id']);
    expect(json.template_data).toEqual({
      tieu_de: 'Sắp đến hạn: Thu hồi nợ thuế',
      co_quan: 'Cục Thuế Hà Nội',
      han: 'trước ngày 14 tháng 3 năm 2025',
      duong_dan: 'https://giaoviec.hanoi.gov.vn/#/nhiem-vu/t-1',
    });
    if (json.phone === '84999999999') return { status: 200, json: { error: -100, message: 'Unknown error' } };
    return { status: 200, json: { error: 0, message: 'Success', data: { msg_id: 'a1b2c3', sent_time: '1741569600000', quota: { dailyQuota: '500', remainingQuota: '499' } } } };
  };
  let provider: Awaited<ReturnType<typeof startProvider>>;
  beforeAll(async () => {
    provider = await startProvider(zns);
  });
  afterAll(() => provider.close());
  const channel = (accessToken = 'oa-access-token') =>
    new ZaloChannel({ accessToken, oaMessageUrl: `${provider.url}/v3.0/oa/message/transaction`, zns: { url: `${provider.url}/message/template`, templateId: '7895417a7d3f9461cd2e' }, timeoutMs: 2000 });

  it('sends the template to the 84… number with the delivery ID as tracking_id', async () => {
    await expect(channel().send(delivery)).resolves.toBeUndefined();
  });

  it('treats an invalid phone as final and an expired token or an unknown error as worth retrying', async () => {
    await expect(channel().send({ ...delivery, recipient: '12345' })).rejects.toEqual(new DeliveryFailure('ZNS -108: Phone number invalid', true));
    await expect(channel('expired').send(delivery)).rejects.toMatchObject({ message: 'ZNS -124: Access token invalid', permanent: false });
    await expect(channel().send({ ...delivery, recipient: '0999999999' })).rejects.toMatchObject({ message: 'ZNS -100: Unknown error', permanent: false });
  });
});

describe('Zalo OA message adapter (contract)', () => {
  const TRANSACTION_TEMPLATE_TYPES = [
    'transaction_billing', 'transaction_order', 'transaction_reward', 'transaction_contract', 'transaction_booking', 'transaction_membership',
    'transaction_event', 'transaction_transaction', 'transaction_account', 'transaction_internal', 'transaction_partnership', 'transaction_education',
    'transaction_rating',
  ];
  const FOLLOWER = '2468458835296197922';
  const requests: unknown[] = [];
  // As documented for the OA's transaction message, POST https://openapi.zalo.me/v3.0/oa/message/transaction:
  // header access_token, JSON {recipient: {user_id}, message: {attachment: {type: "template", payload: {template_type,
  // language, elements: header ≤100 / text ≤1000 / table rows {key ≤25, value ≤100}, one key starting with "Mã",
  // buttons ≤4}}}}; HTTP 200 with {error, message, data: {message_id, user_id}}.
  const oa: Handler = ({ method, url, headers, body }) => {
    if (method !== 'POST' || url !== '/v3.0/oa/message/transaction' || !String(headers['content-type']).startsWith('application/json')) {
      return { status: 200, json: { error: -209, message: 'API is not supported' } };
    }
    if (headers.access_token !== 'oa-access-token') return { status: 200, json: { error: -216, message: 'Access token is invalid' } };
    const json = JSON.parse(body);
    requests.push(json);
    expect(Object.keys(json).sort()).toEqual(['message', 'recipient']);
    expect(Object.keys(json.recipient)).toEqual(['user_id']);
    const { attachment } = json.message;
    const payload = attachment?.payload;
    const elements: { type: string; content: unknown; align?: string }[] = payload?.elements ?? [];
    const table = (elements.find((element) => element.type === 'table')?.content ?? []) as { key: string; value: string }[];
    const valid =
      attachment?.type === 'template' &&
      TRANSACTION_TEMPLATE_TYPES.includes(payload.template_type) &&
      ['VI', 'EN'].includes(payload.language) &&
      elements.every((element) => ['banner', 'header', 'text', 'table'].includes(element.type)) &&
      elements.filter((element) => element.type === 'header').every((element) => String(element.content).length <= 100) &&
      elements.filter((element) => element.type === 'text').every((element) => String(element.content).length <= 1000) &&
      table.every((row) => row.key.length <= 25 && row.value.length <= 100) &&
      table.some((row) => row.key.startsWith('Mã')) &&
      (payload.buttons ?? []).length <= 4 &&
      (payload.buttons ?? []).every((button: { type: string; payload: { url?: string } }) => button.type !== 'oa.open.url' || /^https?:\/\//.test(button.payload.url ?? ''));
    if (!valid) return { status: 200, json: { error: -201, message: 'Parameters invalid' } };
    if (json.recipient.user_id === '1111111111') return { status: 200, json: { error: -213, message: 'User has not followed OA' } };
    if (json.recipient.user_id === '2222222222') return { status: 200, json: { error: -211, message: 'Out of quota' } };
    return { status: 200, json: { error: 0, message: 'Success', data: { message_id: 'ea9b5c0a3f6d1b', user_id: json.recipient.user_id } } };
  };
  let provider: Awaited<ReturnType<typeof startProvider>>;
  beforeAll(async () => {
    provider = await startProvider(oa);
  });
  afterAll(() => provider.close());
  const channel = (accessToken = 'oa-access-token') =>
    new ZaloChannel({ accessToken, oaMessageUrl: `${provider.url}/v3.0/oa/message/transaction`, timeoutMs: 2000 });
  const toUser = (userId: string) => ({ ...delivery, recipient: `user_id:${userId}` });

  it('sends a follower of the OA a Vietnamese transaction message with the task, its due date and a button to its page', async () => {
    await expect(channel().send(toUser(FOLLOWER))).resolves.toBeUndefined();
    expect(requests.at(-1)).toEqual({
      recipient: { user_id: FOLLOWER },
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'transaction_internal',
            language: 'VI',
            elements: [
              { type: 'header', content: 'Sắp đến hạn: Thu hồi nợ thuế', align: 'left' },
              { type: 'text', content: 'Kính gửi: Nguyễn Văn An. Đề nghị hoàn thành đúng hạn.', align: 'left' },
              {
                type: 'table',
                content: [
                  { key: 'Mã nhiệm vụ', value: 't-1' },
                  { key: 'Cơ quan chủ trì', value: 'Cục Thuế Hà Nội' },
                  { key: 'Thời hạn', value: 'trước ngày 14 tháng 3 năm 2025' },
                ],
              },
            ],
            buttons: [{ title: 'Xem chi tiết', type: 'oa.open.url', payload: { url: 'https://giaoviec.hanoi.gov.vn/#/nhiem-vu/t-1' } }],
          },
        },
      },
    });
  });

  it('keeps to the OA limits with a very long title and body', async () => {
    const long = { ...context, notification: { ...context.notification, title: 'Nhiệm vụ '.repeat(30), body: 'Nội dung '.repeat(200) } };
    await expect(channel().send({ ...toUser(FOLLOWER), context: long })).resolves.toBeUndefined();
  });

  it('gives up on a user who does not follow the OA, and retries an invalid token or an exhausted quota', async () => {
    await expect(channel().send(toUser('1111111111'))).rejects.toEqual(new DeliveryFailure('OA -213: User has not followed OA', true));
    await expect(channel('expired').send(toUser(FOLLOWER))).rejects.toMatchObject({ message: 'OA -216: Access token is invalid', permanent: false });
    await expect(channel().send(toUser('2222222222'))).rejects.toMatchObject({ message: 'OA -211: Out of quota', permanent: false });
  });

  it('refuses a phone number when no ZNS template is configured', async () => {
    await expect(channel().send(delivery)).rejects.toMatchObject({ permanent: true });
  });
});

describe('SMS gateway adapter (contract)', () => {
  const seen = new Set<string>();
  // giaoviec's generic gateway contract: Bearer key, JSON {to (84…), from?, text, reference}; 202 accepted,
  // 200 for a reference already accepted, 401 bad key, 422 bad number, 503 when overloaded.
  const gateway: Handler = ({ method, url, headers, body }) => {
    if (method !== 'POST' || url !== '/v1/sms') return { status: 404, json: { error: 'not_found' } };
    if (headers.authorization !== 'Bearer sms-key') return { status: 401, json: { error: 'unauthorized' } };
    const json = JSON.parse(body);
    expect(Object.keys(json).sort()).toEqual(['from', 'reference', 'text', 'to']);
    if (json.to === '84988888888') return { status: 503, json: { error: 'overloaded' } };
    if (!/^84\d{9,10}$/.test(json.to)) return { status: 422, json: { error: 'invalid_number' } };
    expect(json).toEqual({
      to: '84912345678',
      from: 'UBND-HN',
      text: 'Sắp đến hạn: Thu hồi nợ thuế. Hạn: trước ngày 14 tháng 3 năm 2025. https://giaoviec.hanoi.gov.vn/#/nhiem-vu/t-1',
      reference: context.deliveryId,
    });
    const repeat = seen.has(json.reference);
    seen.add(json.reference);
    return { status: repeat ? 200 : 202, json: { id: 'sms-1', status: 'accepted' } };
  };
  let provider: Awaited<ReturnType<typeof startProvider>>;
  beforeAll(async () => {
    provider = await startProvider(gateway);
  });
  afterAll(() => provider.close());
  const channel = (apiKey = 'sms-key') => new SmsChannel({ url: `${provider.url}/v1/sms`, apiKey, sender: 'UBND-HN', timeoutMs: 2000 });

  it('posts the short Vietnamese text with the delivery ID as reference, and a repeat is accepted once', async () => {
    await expect(channel().send(delivery)).resolves.toBeUndefined();
    await expect(channel().send(delivery)).resolves.toBeUndefined();
  });

  it('gives up on a refused number or key, and retries when the gateway is overloaded', async () => {
    await expect(channel().send({ ...delivery, recipient: '12345' })).rejects.toMatchObject({ permanent: true });
    await expect(channel('wrong').send(delivery)).rejects.toMatchObject({ message: expect.stringContaining('HTTP 401'), permanent: true });
    await expect(channel().send({ ...delivery, recipient: '0988888888' })).rejects.toMatchObject({ message: expect.stringContaining('HTTP 503'), permanent: false });
  });
});
