import { h } from './dom.js';
import { formatDateTime, formatFigure } from './format.js';
import { label } from './labels.js';

/** Pieces the reporting-round pages share (the list, the coordinator's view, the agency's report). */

export function participantBadge(status) {
  return h('span', { class: ['badge', `badge--participant-${status}`] }, label('participantStatus', status));
}

export function roundBadge(status) {
  return h('span', { class: ['badge', `badge--round-${status}`] }, label('roundStatus', status));
}

/** Whether the round is the plan's own reporting duty or one the coordinator added. */
export function roundKindLabel(kind) {
  return kind === 'plan' ? 'Báo cáo theo kế hoạch' : 'Đợt báo cáo bổ sung';
}

/** The deadline as the documents word it, with the exact moment under it when the wording has no hour. */
export function dueLine(round) {
  return h('span', {}, capitalize(round.dueText), /\d:\d/.test(round.dueText) ? null : h('span', { class: 'muted small block' }, formatDateTime(round.dueAt)));
}

/** "trước ngày 10/12/2026" → "Trước ngày 10/12/2026" */
const capitalize = (text) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : '');

/** One version of a report: when, its narrative, its actuals and attachments. */
export function reportVersion(version) {
  return h(
    'article',
    { class: 'report', dataset: { version: version.version } },
    h(
      'p',
      { class: 'report__meta' },
      h('strong', {}, version.version > 1 ? `Bản ${version.version} (điều chỉnh)` : 'Bản 1'),
      ` · gửi lúc ${formatDateTime(version.submittedAt)}`,
      version.submittedBy?.name || version.submittedBy?.sub ? ` bởi ${version.submittedBy.name || version.submittedBy.sub}` : '',
      version.late ? [' ', h('span', { class: 'badge badge--participant-submitted_late' }, 'Gửi muộn')] : null,
    ),
    h('p', { class: 'pre-line report__content' }, version.content),
    version.indicatorActuals.length
      ? h(
          'ul',
          { class: 'report__actuals' },
          version.indicatorActuals.map((actual) => h('li', {}, h('span', { class: 'mono' }, actual.indicator), `: ${formatFigure(actual.value)}`)),
        )
      : null,
    version.attachments?.length
      ? h(
          'ul',
          { class: 'report__attachments' },
          version.attachments.map((attachment) =>
            h('li', {}, 'Tài liệu: ', safeUrl(attachment.url) ? h('a', { href: attachment.url, target: '_blank', rel: 'noopener noreferrer' }, attachment.name) : attachment.name),
          ),
        )
      : null,
  );
}

/** Only web addresses become links (never `javascript:` and the like). */
function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url.trim());
}
