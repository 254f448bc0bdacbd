import { api } from '../api.js';
import { h } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { dueFromDate, formatDateTime, formatDue, toDateInput } from '../format.js';
import { label } from '../labels.js';
import { commandForm, dueField, field } from '../forms.js';
import { assumedDueNote, categoryBadge, detailPage, escalationSummary, eventTimeline, fact, notice, progressBar, statusBadge } from '../components.js';

const OPEN = ['assigned', 'acknowledged', 'in_progress', 'submitted'];
const WORKING = ['assigned', 'acknowledged', 'in_progress'];

/** One task: what it is, what its state allows the signed-in user to do, and its timeline. */
export async function renderTask(container, ctx) {
  const [id] = ctx.params;
  const [directory, task] = await Promise.all([loadDirectory(), api(`/tasks/${id}`)]);
  show(container, ctx, directory, task);
}

function show(container, ctx, directory, task) {
  const { session } = ctx;
  const name = (code) => directory.name(code);
  const pending = pendingExtensions(task.events);
  const after = (message) => async (result) => {
    const fresh = result && result.events ? result : await api(`/tasks/${task.id}`);
    ctx.flash(message);
    show(container, ctx, directory, fresh);
    container.querySelector('h1')?.focus();
  };

  const back =
    session.role === 'agency'
      ? h('a', { href: '#/co-quan', class: 'back-link' }, '← Nhiệm vụ của cơ quan')
      : session.role === 'leader'
        ? h('a', { href: '#/lanh-dao', class: 'back-link' }, '← Tổng quan')
        : h('a', { href: '#/dieu-phoi', class: 'back-link' }, '← Danh sách nhiệm vụ');

  const facts = h(
    'dl',
    { class: 'facts' },
    fact('Cơ quan chủ trì', h('span', {}, name(task.leadAgency), h('span', { class: 'muted' }, ` (${task.leadAgency})`))),
    fact('Cơ quan phối hợp', task.coordinatingAgencies.length ? task.coordinatingAgencies.map(name).join('; ') : h('span', { class: 'muted' }, 'Không có')),
    fact('Hạn hoàn thành', h('span', {}, formatDue(task.dueAt), assumedDueNote(task), task.originalDueAt !== task.dueAt ? h('span', { class: 'muted small block' }, `Hạn ban đầu: ${formatDue(task.originalDueAt)}`) : null)),
    fact('Tiến độ', progressBar(task.progressPercent)),
    fact('Giao lúc', formatDateTime(task.assignedAt)),
    task.completedAt ? fact('Hoàn thành lúc', formatDateTime(task.completedAt)) : null,
    fact('Báo cáo lên cấp trên', escalationSummary(task.escalationLevel, task.escalatedTo)),
    task.planCode && task.planCode !== 'ADHOC' ? fact('Kế hoạch', `${task.planCode} · mục ${task.taskRef}`) : fact('Nguồn', 'Nhiệm vụ giao trực tiếp'),
    // Only coordinators and admins get the link (the API decides), when the Temporal Web UI is configured.
    task.temporalUiUrl
      ? fact('Quy trình Temporal', h('a', { href: task.temporalUiUrl, target: '_blank', rel: 'noopener', class: 'temporal-link' }, 'Xem quy trình trên Temporal Web UI'))
      : null,
  );

  const actions = actionPanel(task, session, directory, pending, after);

  detailPage(container, {
    back,
    title: task.title,
    badges: [statusBadge(task.status), ' ', categoryBadge(task.category)],
    main: [
      h('section', { class: 'card', 'aria-label': 'Thông tin nhiệm vụ' }, facts, task.description ? h('div', { class: 'description' }, h('h2', { class: 'card__subtitle' }, 'Nội dung'), h('p', { class: 'pre-line' }, task.description)) : null),
      pending.map((request) => pendingBox(request)),
      actions,
    ],
    timeline: eventTimeline(task.events, { id: 'timeline-title', kind: 'taskEvent', details: eventDetails, name }),
  });
}

/** Extension requests (`ext-N`) that no approval or rejection has answered yet. */
function pendingExtensions(events) {
  const decided = new Set(events.filter((e) => e.type === 'extension_approved' || e.type === 'extension_rejected').map((e) => e.payload.requestId));
  return events
    .filter((e) => e.type === 'extension_requested' && !decided.has(e.payload.requestId))
    .map((e) => ({ id: e.payload.requestId, newDueAt: e.payload.newDueAt, reason: e.payload.reason, at: e.at, actor: e.actor }));
}

function pendingBox(request) {
  return notice(
    'warning',
    h('p', {}, h('strong', {}, 'Đề nghị gia hạn đang chờ quyết định'), ` (${request.id})`),
    h('p', {}, `Xin gia hạn đến ${formatDue(request.newDueAt)}. Lý do: ${request.reason}`),
    h('p', { class: 'muted small' }, `Gửi lúc ${formatDateTime(request.at)} bởi ${request.actor?.name ?? request.actor?.sub ?? ''}`),
  );
}

/** An optional comment ("Ý kiến") or a reason, as most commands take. */
const noteField = () => field({ name: 'note', label: 'Ý kiến', type: 'textarea', hint: 'Không bắt buộc.', attrs: { maxlength: 10000 } });
const reasonField = (label = 'Lý do', required = true) => field({ name: 'reason', label, type: 'textarea', required, attrs: { maxlength: 10000 } });
/** `{name: value}` when the field was filled in, else `{}` (the API takes the field as optional). */
const ifFilled = (name) => (values) => (values[name] ? { [name]: values[name] } : {});

function actionPanel(task, session, directory, pending, after) {
  const forms = [];
  /** A form that posts one command to the task (`path`, body from its values), then shows the task with `done` flashed. */
  const command = ({ action, path, body = () => ({}), done, ...form }) =>
    commandForm({
      ...form,
      class: `action action--${action}`,
      onSubmit: ({ key, values }) => api(`/tasks/${task.id}${path}`, { method: 'POST', idempotencyKey: key, body: body(values) }),
      onSuccess: after(done),
    });
  const isLead = session.role === 'agency' && session.agency === task.leadAgency;

  if (isLead) {
    if (task.status === 'assigned') {
      forms.push(
        command({
          action: 'acknowledge',
          path: '/acknowledge',
          title: 'Tiếp nhận nhiệm vụ',
          description: 'Xác nhận cơ quan đã nhận nhiệm vụ và sẽ tổ chức thực hiện.',
          submitLabel: 'Tiếp nhận',
          done: 'Đã tiếp nhận nhiệm vụ.',
        }),
      );
    }
    if (task.status === 'acknowledged' || task.status === 'in_progress') {
      forms.push(
        command({
          action: 'progress',
          path: '/progress',
          title: 'Báo cáo tiến độ',
          submitLabel: 'Gửi báo cáo tiến độ',
          submitClass: 'button--secondary',
          children: [
            field({ name: 'percent', label: 'Tỷ lệ hoàn thành (%)', type: 'number', required: true, value: task.progressPercent, attrs: { min: 0, max: 100, step: 1, inputmode: 'numeric' } }),
            field({ name: 'note', label: 'Nội dung báo cáo', type: 'textarea', required: true, attrs: { maxlength: 10000 } }),
          ],
          body: (values) => ({ percent: values.percent === '' ? null : Number(values.percent), note: values.note }),
          done: 'Đã gửi báo cáo tiến độ.',
        }),
        command({
          action: 'submit',
          path: '/submit',
          title: 'Báo cáo kết quả',
          description: 'Gửi kết quả để cơ quan điều phối nghiệm thu. Thời điểm gửi là thời điểm hoàn thành nếu được chấp nhận.',
          submitLabel: 'Gửi báo cáo kết quả',
          children: [
            field({ name: 'summary', label: 'Kết quả thực hiện', type: 'textarea', required: true, rows: 4, attrs: { maxlength: 20000 } }),
            field({ name: 'evidence', label: 'Tài liệu kèm theo', hint: 'Không bắt buộc: số văn bản, đường dẫn tới tài liệu…', attrs: { maxlength: 2000 } }),
          ],
          body: (values) => ({ summary: values.summary, ...ifFilled('evidence')(values) }),
          done: 'Đã gửi báo cáo kết quả, chờ cơ quan điều phối nghiệm thu.',
        }),
      );
    }
    if (WORKING.includes(task.status)) {
      forms.push(
        pending.length
          ? notice('info', h('p', {}, 'Đề nghị gia hạn của cơ quan đang chờ cơ quan điều phối xem xét.'))
          : command({
              action: 'extension',
              path: '/extension-requests',
              title: 'Xin gia hạn',
              submitLabel: 'Gửi đề nghị gia hạn',
              submitClass: 'button--secondary',
              children: [dueField({ name: 'newDueAt', label: 'Hạn mới', min: toDateInput(Date.now() + 24 * 3600 * 1000) }), reasonField()],
              body: (values) => ({ newDueAt: dueFromDate(values.newDueAtDate, values.newDueAtRule), reason: values.reason }),
              done: 'Đã gửi đề nghị gia hạn.',
            }),
      );
    }
  } else if (session.role === 'agency') {
    forms.push(notice('info', h('p', {}, 'Cơ quan bạn phối hợp thực hiện nhiệm vụ này; cơ quan chủ trì báo cáo tiến độ và kết quả.')));
  }

  if (session.role === 'coordinator') {
    if (task.status === 'assigned') forms.push(notice('info', h('p', {}, `Đang chờ ${directory.name(task.leadAgency)} tiếp nhận nhiệm vụ.`)));
    if (task.status === 'acknowledged' || task.status === 'in_progress') {
      forms.push(notice('info', h('p', {}, `${directory.name(task.leadAgency)} đang thực hiện; chờ báo cáo kết quả để nghiệm thu.`)));
    }
    if (OPEN.includes(task.status)) {
      for (const request of pending) {
        const path = `/extension-requests/${encodeURIComponent(request.id)}`;
        forms.push(
          h(
            'div',
            { class: 'review' },
            command({
              action: 'approve-extension',
              path: `${path}/approve`,
              title: `Đồng ý gia hạn đến ${formatDue(request.newDueAt)}`,
              submitLabel: 'Đồng ý gia hạn',
              children: [noteField()],
              body: ifFilled('note'),
              done: 'Đã đồng ý gia hạn: hạn và các mốc nhắc việc đã được dời.',
            }),
            command({
              action: 'reject-extension',
              path: `${path}/reject`,
              title: 'Không đồng ý gia hạn',
              submitLabel: 'Không đồng ý',
              submitClass: 'button--secondary',
              children: [reasonField('Lý do', false)],
              body: ifFilled('reason'),
              done: 'Đã từ chối đề nghị gia hạn.',
            }),
          ),
        );
      }
    }
    if (task.status === 'submitted') {
      const submitted = [...task.events].reverse().find((event) => event.type === 'submitted');
      forms.push(
        h(
          'div',
          { class: 'review' },
          submitted
            ? notice(
                'info',
                h('p', {}, h('strong', {}, 'Kết quả cơ quan đã báo cáo: '), submitted.payload.summary),
                submitted.payload.evidence ? h('p', {}, `Tài liệu kèm theo: ${submitted.payload.evidence}`) : null,
              )
            : null,
          command({
            action: 'accept',
            path: '/accept',
            title: 'Nghiệm thu',
            description: 'Chấp nhận kết quả: nhiệm vụ hoàn thành.',
            submitLabel: 'Nghiệm thu, hoàn thành',
            children: [noteField()],
            body: ifFilled('note'),
            done: 'Đã nghiệm thu: nhiệm vụ hoàn thành.',
          }),
          command({
            action: 'return',
            path: '/return',
            title: 'Trả lại',
            description: 'Kết quả chưa đạt: trả lại để cơ quan tiếp tục thực hiện.',
            submitLabel: 'Trả lại',
            submitClass: 'button--secondary',
            children: [reasonField('Lý do trả lại')],
            body: ifFilled('reason'),
            done: 'Đã trả lại nhiệm vụ.',
          }),
        ),
      );
    }
    const manage = [];
    if (WORKING.includes(task.status)) {
      manage.push(
        command({
          action: 'reassign',
          path: '/reassign',
          title: 'Giao lại cho cơ quan khác',
          submitLabel: 'Giao lại',
          submitClass: 'button--secondary',
          children: [
            field({ name: 'agency', label: 'Cơ quan chủ trì mới', type: 'select', required: true, searchable: true, options: directory.options({ empty: '— Chọn cơ quan —' }).filter((o) => o.value !== task.leadAgency) }),
            reasonField(),
          ],
          body: (values) => ({ agency: values.agency, reason: values.reason }),
          done: 'Đã giao lại nhiệm vụ.',
        }),
      );
    }
    if (OPEN.includes(task.status)) {
      manage.push(
        command({
          action: 'cancel',
          path: '/cancel',
          title: 'Hủy nhiệm vụ',
          submitLabel: 'Hủy nhiệm vụ',
          submitClass: 'button--danger',
          children: [reasonField('Lý do hủy')],
          body: ifFilled('reason'),
          done: 'Đã hủy nhiệm vụ.',
        }),
      );
    }
    if (manage.length) forms.push(h('details', { class: 'manage' }, h('summary', {}, 'Giao lại hoặc hủy nhiệm vụ'), h('div', { class: 'manage__body' }, manage)));
  }

  if (!forms.length) {
    if (session.role === 'leader') return null;
    if (!OPEN.includes(task.status)) return notice('info', h('p', {}, task.status === 'completed' ? 'Nhiệm vụ đã hoàn thành.' : 'Nhiệm vụ đã kết thúc.'));
    if (session.role === 'agency' || session.role === 'coordinator') {
      return notice('info', h('p', {}, task.status === 'submitted' ? 'Kết quả đã được gửi, đang chờ cơ quan điều phối nghiệm thu.' : 'Không có thao tác nào cho bạn ở bước này.'));
    }
    return null;
  }
  return h('section', { class: 'card actions', 'aria-labelledby': 'actions-title' }, h('h2', { class: 'card__title', id: 'actions-title' }, 'Xử lý nhiệm vụ'), forms);
}

function eventDetails(event, name) {
  const p = event.payload ?? {};
  const lines = [];
  switch (event.type) {
    case 'assigned':
      lines.push(`Chủ trì: ${name(p.leadAgency)}`);
      if (p.coordinatingAgencies?.length) lines.push(`Phối hợp: ${p.coordinatingAgencies.map(name).join('; ')}`);
      if (p.dueAt) lines.push(`Hạn: ${formatDue(p.dueAt)}`);
      break;
    case 'progress_reported':
      lines.push(`${p.percent}% — ${p.note}`);
      break;
    case 'submitted':
      lines.push(p.summary);
      if (p.evidence) lines.push(`Tài liệu: ${p.evidence}`);
      break;
    case 'completed':
      if (p.note) lines.push(p.note);
      break;
    case 'returned':
    case 'cancelled':
      if (p.reason) lines.push(`Lý do: ${p.reason}`);
      break;
    case 'extension_requested':
      lines.push(`Đến ${formatDue(p.newDueAt)} (${p.requestId}). Lý do: ${p.reason}`);
      break;
    case 'extension_approved':
      lines.push(`Hạn mới: ${formatDue(p.newDueAt)}${p.previousDueAt ? `, hạn cũ: ${formatDue(p.previousDueAt)}` : ''}`);
      if (p.note) lines.push(p.note);
      break;
    case 'extension_rejected':
      if (p.reason) lines.push(`Lý do: ${p.reason}`);
      break;
    case 'reassigned':
      lines.push(`Từ ${name(p.from)} sang ${name(p.to)}`);
      if (p.reason) lines.push(`Lý do: ${p.reason}`);
      break;
    case 'escalated':
      lines.push(
        `${p.level ? `Cấp ${p.level}: ` : ''}${p.to ? label('escalationTarget', p.to) : ''}${p.reason === 'not_acknowledged' ? ' (chưa tiếp nhận)' : ''}`,
      );
      break;
    case 'overdue':
    case 'reminder_sent':
      if (p.dueAt) lines.push(`Hạn: ${formatDue(p.dueAt)}`);
      break;
    default:
      break;
  }
  return lines.filter(Boolean).map((line) => h('p', { class: 'timeline__detail pre-line' }, line));
}
