import { api } from '../api.js';
import { h } from '../dom.js';
import { loadDirectory } from '../directory.js';
import { formatDateTime, formatNumber } from '../format.js';
import { label } from '../labels.js';
import { actorLabel, detailPage, escalationSummary, eventTimeline, fact } from '../components.js';
import { dueLine, roundBadge, roundKindLabel } from '../round-parts.js';
import { roundReportPanels } from './round-report.js';
import { roundReviewPanels } from './round-review.js';

const REPORTED = ['submitted', 'submitted_late'];

/** One round: deadline, who has reported; the summary and closing (coordinator), or the agency's own report. */
export async function renderRound(container, ctx) {
  const [id] = ctx.params;
  const { session } = ctx;
  const isAgency = session.role === 'agency';
  const [directory, round, versions] = await Promise.all([loadDirectory(), api(`/reporting-rounds/${id}`), api(`/reporting-rounds/${id}/reports`)]);
  const summary = isAgency ? null : await api(`/reporting-rounds/${id}/summary`).catch((error) => error);
  showRound(container, ctx, { directory, round, versions, summary });
}

function showRound(container, ctx, { directory, round, versions, summary }) {
  const { session } = ctx;
  const isAgency = session.role === 'agency';
  const name = (code) => directory.name(code);
  // The page is redrawn from the server first, so the confirmation never shows next to stale figures.
  const reload = async (message) => {
    await renderRound(container, ctx);
    ctx.flash(message);
    container.querySelector('h1')?.focus();
  };
  const reported = round.participants.filter((participant) => REPORTED.includes(participant.status)).length;

  const facts = h(
    'dl',
    { class: 'facts' },
    fact('Kế hoạch', h('span', {}, round.planTitle, h('span', { class: 'muted small block' }, round.planCode))),
    fact('Hạn báo cáo', dueLine(round)),
    fact('Tình trạng', h('span', {}, roundBadge(round.status), round.closedAt ? h('span', { class: 'muted small block' }, `Kết thúc lúc ${formatDateTime(round.closedAt)}`) : null)),
    fact('Báo cáo lên cấp trên', escalationSummary(round.escalationLevel, round.escalatedTo)),
    fact('Đã báo cáo', `${formatNumber(reported)}/${formatNumber(round.participants.length)} cơ quan`),
    fact('Mở lúc', h('span', {}, formatDateTime(round.openedAt), round.openedBy ? h('span', { class: 'muted small block' }, actorLabel(round.openedBy, name)) : null)),
  );

  const main = [
    h('section', { class: 'card', 'aria-label': 'Thông tin đợt báo cáo' }, facts),
    ...(isAgency ? roundReportPanels(round, versions, session, name, reload) : roundReviewPanels(round, versions, summary, session, name, reload)),
  ];
  detailPage(container, {
    back: h('a', { href: '#/bao-cao', class: 'back-link' }, '← Báo cáo định kỳ'),
    title: round.title,
    badges: [roundBadge(round.status), ' ', roundKindLabel(round.kind)],
    main,
    timeline: eventTimeline(round.events, { id: 'round-timeline-title', kind: 'roundEvent', details: roundEventDetails, name, modifier: 'round-' }),
  });
}

/** "A; B; C và 4 cơ quan khác" */
function agencyList(codes, name, max = 5) {
  const list = (codes ?? []).slice(0, max).map(name).join('; ');
  return codes && codes.length > max ? `${list} và ${formatNumber(codes.length - max)} cơ quan khác` : list;
}

function roundEventDetails(event, name) {
  const p = event.payload ?? {};
  const lines = [];
  switch (event.type) {
    case 'opened':
      lines.push(`${formatNumber(p.participants?.length ?? 0)} cơ quan phải báo cáo, hạn ${formatDateTime(p.dueAt)}`);
      break;
    case 'reminder_sent':
      if (p.missing?.length) lines.push(`Nhắc ${formatNumber(p.missing.length)} cơ quan: ${agencyList(p.missing, name)}`);
      break;
    case 'deadline_passed':
      lines.push(p.late?.length ? `Quá hạn, chưa báo cáo (${formatNumber(p.late.length)}): ${agencyList(p.late, name)}` : 'Các cơ quan đã báo cáo đủ.');
      break;
    case 'escalated':
      lines.push(`Cấp ${p.level}: ${p.to ? label('escalationTarget', p.to) : ''}`);
      if (p.missing?.length) lines.push(`Chưa báo cáo (${formatNumber(p.missing.length)}): ${agencyList(p.missing, name)}`);
      break;
    case 'report_submitted':
    case 'report_amended':
      lines.push(
        [event.actor?.agency === p.agency ? null : name(p.agency), p.version > 1 ? `Bản ${p.version}` : null, p.late ? 'Gửi muộn' : null].filter(Boolean).join(' · '),
      );
      break;
    case 'participants_replaced':
      if (p.reorganization?.title) lines.push(p.reorganization.title);
      for (const move of p.moved ?? []) {
        lines.push(`${name(move.from)} → ${name(move.to)}${move.reported ? ' (báo cáo đã gửi được tính cho cơ quan kế thừa)' : ''}`);
      }
      break;
    case 'closed':
      if (p.note) lines.push(p.note);
      if (p.missing?.length) lines.push(`Không báo cáo (${formatNumber(p.missing.length)}): ${agencyList(p.missing, name)}`);
      break;
    default:
      break;
  }
  return lines.filter(Boolean).map((line) => h('p', { class: 'timeline__detail pre-line' }, line));
}
