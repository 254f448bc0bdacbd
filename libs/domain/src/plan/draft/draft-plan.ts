import { checkPlanConsistency } from '../consistency';
import { validatePlanData } from '../parse';
import type { PlanFileInput } from '../schema';
import { AgencyMatcher, type AgencyMention, type DraftDirectory } from './agency-matcher';
import { indicatorsInSentence, type DraftedIndicator } from './indicators';
import { findDeadline, findPeriods, foldVietnamese, OUTLINE_MARKER, paragraphs, sentences, words, type Paragraph } from './text';

export type DraftWarningKind =
  | 'agency_not_found'
  | 'lead_assumed'
  | 'no_due_date'
  | 'count_mismatch'
  | 'target_kind_unclear'
  | 'no_tasks';

/** Something the coordinator must check in the draft; `path` names the item in `plan` (`tasks[3].leadAgency`). */
export interface DraftWarning {
  path?: string;
  line?: number;
  kind: DraftWarningKind;
  message: string;
}

/** Where a drafted section, task or indicator came from. */
export interface DraftSource {
  /** `sections[0]`, `tasks[3]`, `indicators[1]`. */
  path: string;
  /** 1-based line of the document's text where the passage starts, and the paragraph's index (0-based). */
  line: number;
  paragraph: number;
  /** The passage, as the document words it. */
  text: string;
  /** 0–1: how sure the rules are (an agency named before ":" is surer than one carried over from a heading). */
  confidence: number;
}

export interface PlanDraft {
  /** A plan file in exactly the format `POST /api/plans` takes. */
  plan: PlanFileInput;
  sources: DraftSource[];
  warnings: DraftWarning[];
}

export interface DraftOptions {
  /** Plan code; default `KH-<year>-<initials of the title>`. */
  code?: string;
  /** The plan year when the document does not say. */
  year?: number;
}

/** Documents above this size are not plans: refuse rather than spend the CPU. */
export const MAX_DRAFT_TEXT_LENGTH = 2_000_000;

interface Node {
  kind: 'roman' | 'number' | 'letter' | 'bullet' | 'plus';
  label: string;
  text: string;
  paragraph: Paragraph;
  body: Paragraph[];
  children: Node[];
}

interface DraftTask {
  ref: string;
  section: string;
  text: string;
  paragraph: Paragraph;
  lead: AgencyMention[];
  leadHow: 'named' | 'inherited' | 'assumed';
  unmatched: string[];
  coordinating: AgencyMention[];
}

const LEVEL: Record<Node['kind'], number> = { roman: 0, number: 1, letter: 2, bullet: 3, plus: 4 };
const PARTY = /dang bo|thanh uy|tinh uy|ban chap hanh|ban thuong vu/;

/**
 * Drafts a plan file from the text of a Vietnamese administrative plan: deterministic rules over how such plans are
 * written (Decree 30/2020 numbering I. / 1. / a) / -, "chủ trì", "phối hợp", "giao", collective names, indicator lists,
 * "trước ngày", "hằng quý"), agency names matched against `directory`. Pure; the same text gives the same draft.
 */
export function draftPlan(text: string, directory: DraftDirectory, options: DraftOptions = {}): PlanDraft {
  const paras = paragraphs(text.slice(0, MAX_DRAFT_TEXT_LENGTH));
  const matcher = new AgencyMatcher(directory, text);
  const warnings: DraftWarning[] = [];
  const year = options.year ?? documentYear(paras) ?? 2000;
  const title = documentTitle(paras);
  const issuer = findIssuer(paras, matcher, directory);
  const localCommittee = localCommitteeOf(issuer, matcher, directory);
  const isParty = PARTY.test(foldVietnamese(matcher.agency(issuer)?.name ?? ''));

  const root = outline(paras);
  const structured = root.children.some((node) => node.kind === 'roman' || node.kind === 'number') || root.children.filter((n) => n.label.startsWith('(')).length >= 2;
  const sections: { ref: string; title: string; paragraph: Paragraph }[] = [];
  const statedCounts: NonNullable<PlanFileInput['statedCounts']> = [];
  const tasks: DraftTask[] = [];
  let defaultLead: AgencyMention[] = [];

  const leadOf = (head: string, colon: boolean) => matcher.leadingList(head, { allowUnknown: colon });
  const coordinationIn = (content: string): AgencyMention[] => {
    const out: AgencyMention[] = [];
    for (const match of foldVietnamese(content).matchAll(/phoi hop(?: tot)?(?: voi)?\s|vai tro cua\s/g)) {
      out.push(...matcher.leadingList(content.slice(match.index + match[0].length)).mentions);
    }
    return out;
  };
  const addTask = (ref: string, section: string, paragraph: Paragraph, content: string, inherited: AgencyMention[]) => {
    const colon = /^([^:]{3,200}):\s*(.*)$/.exec(content);
    const listed = colon ? leadOf(colon[1], true) : leadOf(content, false);
    const assigned = /\bgiao(?: cho)?\s/.exec(foldVietnamese(content));
    const viaGiao = listed.mentions.length === 0 && assigned ? matcher.leadingList(content.slice(assigned.index + assigned[0].length)).mentions : [];
    // "UBND Thành phố giao Liên minh HTX …": the one named before "giao" assigns, the one after it leads.
    const assignerFirst = assigned !== null && listed.mentions.length > 0 && listed.end <= assigned.index;
    const viaGiaoAfter = assignerFirst ? matcher.leadingList(content.slice(assigned.index + assigned[0].length)).mentions : viaGiao;
    let lead = assignerFirst && viaGiaoAfter.length > 0 ? viaGiaoAfter : listed.mentions.length > 0 ? listed.mentions : viaGiao;
    let leadHow: DraftTask['leadHow'] = lead.length > 0 ? 'named' : 'inherited';
    if (lead.length === 0) lead = inherited;
    if (lead.length === 0) {
      leadHow = 'assumed';
      lead = assumedLead(content);
    }
    const body = colon && listed.mentions.length > 0 ? colon[2] : content;
    const leadCodes = new Set(lead.map((m) => m.code));
    const coordinating = dedupe(coordinationIn(body)).filter((m) => !leadCodes.has(m.code));
    tasks.push({ ref, section, text: content, paragraph, lead, leadHow, unmatched: colon ? listed.unmatched : [], coordinating });
    return lead;
  };
  /** No agency named: the issuing Party committee keeps leadership work, the government the rest; else the issuer. */
  const assumedLead = (content: string): AgencyMention[] => {
    if (defaultLead.length > 0) return defaultLead;
    const folded = foldVietnamese(content);
    if (isParty && localCommittee && !/lanh dao cua dang|quan triet/.test(folded)) return [mentionOf(localCommittee)];
    return [mentionOf(issuer)];
  };
  const mentionOf = (code: string): AgencyMention => ({ code, name: matcher.agency(code)?.name ?? code, start: 0, end: 0 });
  const citySelf = (): AgencyMention[] => {
    const groups = matcher.mentions('các sở, ban, ngành, các quận, huyện, thị xã');
    return groups.length > 0 ? groups : [mentionOf(issuer)];
  };

  if (structured) {
    const romans = root.children.filter((node) => node.kind === 'roman');
    const taskRoots = romans.length > 0 ? romans.filter((node) => /nhiem vu|giai phap/.test(foldVietnamese(node.text)) && !/muc tieu|muc dich/.test(foldVietnamese(node.text))) : [root];
    for (const part of taskRoots) {
      const prefix = part === root ? '' : `${part.label}.`;
      for (const item of part.children.filter((node) => node.kind === 'number')) {
        const sectionRef = `${prefix}${item.label}`;
        const heading = item.text.replace(/^([^:]+):\s*(\d+)\s*nhiệm vụ\.?$/iu, '$1');
        sections.push({ ref: sectionRef, title: heading || item.text, paragraph: item.paragraph });
        const count = statedCount(item.text);
        if (count) statedCounts.push({ subject: count.subject, stated: count.stated, of: 'tasks', within: sectionRef });
        const letters = item.children.filter((node) => node.kind === 'letter');
        if (letters.length > 0) {
          for (const letter of letters) {
            const ref = `${sectionRef}.${letter.label}`;
            const bullets = letter.children.filter((node) => node.kind === 'bullet');
            const head = [letter.text, ...letter.body.map((p) => p.text)].join(' ');
            if (bullets.length === 0) {
              addTask(ref, sectionRef, letter.paragraph, head, []);
              continue;
            }
            const colon = /^([^:]{3,200}):/.exec(letter.text);
            const headLead = colon ? leadOf(colon[1], true) : leadOf(letter.text, false);
            if (headLead.unmatched.length > 0) {
              warnings.push(...headLead.unmatched.map((name) => unknownAgency(name, letter.paragraph)));
            }
            bullets.forEach((bullet, k) =>
              addTask(`${ref}.${k + 1}`, sectionRef, bullet.paragraph, [bullet.text, ...bullet.body.map((p) => p.text)].join(' '), headLead.mentions),
            );
          }
        } else if (item.children.some((node) => node.kind === 'bullet')) {
          const headLead = item.body.length > 0 ? leadOf(item.body[0].text, false).mentions : [];
          let k = 0;
          let group = 0;
          for (const bullet of item.children.filter((node) => node.kind === 'bullet')) {
            const counted = /^(\d+)\s+(nhiệm vụ\s*(?:về\s+)?)(.+?)\.?$/iu.exec(bullet.text);
            if (counted) {
              group++;
              const ref = `${sectionRef}.${group}`;
              sections.push({ ref, title: counted[3].charAt(0).toUpperCase() + counted[3].slice(1), paragraph: bullet.paragraph });
              statedCounts.push({ subject: `nhiệm vụ ${counted[3]}`.slice(0, 200), stated: Number(counted[1]), of: 'tasks', within: ref });
              continue;
            }
            addTask(`${sectionRef}.${++k}`, sectionRef, bullet.paragraph, [bullet.text, ...bullet.body.map((p) => p.text)].join(' '), headLead);
          }
        } else if (item.body.length > 0) {
          addTask(sectionRef, sectionRef, item.body[0], item.body.map((p) => p.text).join(' '), []);
        }
      }
    }
  } else {
    draftUnstructured();
  }

  function draftUnstructured(): void {
    const introAt = paras.findIndex((p) => introOf(p.text) !== undefined);
    if (introAt >= 0) {
      const intro = introOf(paras[introAt].text)!;
      const introParagraph = paras[introAt];
      defaultLead = matcher.mentions(introParagraph.text.slice(0, intro.start)).slice(0, 1);
      sections.push({ ref: 'NV', title: intro.title, paragraph: introParagraph });
      if (intro.count !== undefined) statedCounts.push({ subject: intro.subject, stated: intro.count, of: 'tasks', within: 'NV' });
      const items: { text: string; paragraph: Paragraph }[] = [];
      const parts = intro.rest.split(/;\s*/).filter((part) => part.trim().length > 8);
      if (parts.length >= 3) parts.forEach((part) => items.push({ text: part.replace(/\.$/, ''), paragraph: introParagraph }));
      else {
        if (intro.rest.trim().length > 8) items.push({ text: intro.rest.trim(), paragraph: introParagraph });
        for (const p of paras.slice(introAt + 1)) {
          if (p.text.length < 25 || /^(ảnh|nguồn|bình luận|tác giả)/iu.test(p.text)) break;
          items.push({ text: p.text, paragraph: p });
        }
      }
      items.forEach((item, k) => addTask(`NV.${k + 1}`, 'NV', item.paragraph, capitalize(item.text), []));
      return;
    }
    // Prose: the tasks follow the targets; one task per sentence, the agency carried over until another is named.
    // (The first paragraph is the headline, which may announce a target too.)
    const firstTarget = paras.findIndex((p) => p.index > 0 && isTargetParagraph(p.text));
    let carried: AgencyMention[] = [];
    for (const p of paras.slice(Math.max(firstTarget, 0) + 1)) {
      if (isTargetParagraph(p.text) || p.text.length < 40) continue;
      let k = 0;
      const sectionRef = `P${p.index + 1}`;
      for (const raw of sentences(p.text)) {
        const sentence = raw.replace(/^(?:(?:trong đó|bên cạnh đó|cụ thể|đồng thời|ngoài ra),\s*)/iu, '').replace(/^song song với [^,]+,\s*/iu, '');
        const folded = foldVietnamese(sentence);
        if (/nhieu nhiem vu|cac nhiem vu, giai phap (trong tam|sau)|^de hoan thanh/.test(folded) && !/\bgiao\b/.test(folded)) continue;
        if (k === 0) sections.push({ ref: sectionRef, title: titleOf(sentence), paragraph: p });
        const self = /(^|,\s*|\s)(ubnd |uy ban nhan dan )?thanh pho (cung )?se\s/.test(folded) ? citySelf() : [];
        const before = tasks.length;
        const lead = addTask(`${sectionRef}.${++k}`, sectionRef, p, capitalize(sentence), self.length > 0 ? self : carried);
        if (self.length > 0 && tasks[before].leadHow === 'inherited') tasks[before].leadHow = 'assumed';
        carried = lead;
      }
    }
  }

  // Indicators: the targets section (structured), or the paragraphs that state targets.
  const indicatorSources: { paragraph: Paragraph; text: string; stated: boolean }[] = [];
  if (structured) {
    const targetParts = root.children.filter((node) => node.kind === 'roman' && /muc tieu|chi tieu/.test(foldVietnamese(node.text)));
    for (const part of targetParts) {
      const stated = /phan dau|chi tieu|muc tieu/.test(foldVietnamese(part.text));
      for (const node of flatten(part)) indicatorSources.push({ paragraph: node.paragraph, text: node.text, stated });
    }
  } else {
    for (const p of paras) if (isTargetParagraph(p.text) || /den nam \d{4}[^.;]{0,40}\bdat\b/.test(foldVietnamese(p.text))) indicatorSources.push({ paragraph: p, text: p.text, stated: true });
  }
  indicatorSources.push(...appendixRows(paras));
  const indicators: { drafted: DraftedIndicator; paragraph: Paragraph; stated: boolean }[] = [];
  for (const source of indicatorSources) {
    const folded = foldVietnamese(source.text);
    let offset = 0;
    for (const piece of source.text.split(/(?<=;)\s*|(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])/u)) {
      const at = source.text.indexOf(piece, offset);
      offset = at + piece.length;
      // The horizon is the last "đến năm YYYY" before the piece's first value.
      const firstValue = foldVietnamese(piece).search(/(?<!nam )(?<![\d.])\d/);
      const horizonMatch = [...folded.slice(0, at + Math.max(0, firstValue)).matchAll(/den nam (\d{4})/g)].pop();
      const horizon = horizonMatch && Number(horizonMatch[1]) !== year ? Number(horizonMatch[1]) : undefined;
      for (const drafted of indicatorsInSentence(piece.replace(OUTLINE_MARKER, '').replace(OUTLINE_MARKER, ''), horizon)) {
        if (drafted.unit === 'nhiệm vụ') continue;
        drafted.name = drafted.name
          .replace(/^năm \d{4},\s*/iu, '')
          .replace(/^(?:[^,;]{0,25}\s)?(?:sẽ|phấn đấu)\s+/iu, '')
          .replace(/^mục tiêu cụ thể(?: là|:)?\s*/iu, '');
        const key = JSON.stringify(drafted.target) + drafted.unit;
        // The same target stated twice (a summary, then the detail) counts once; a list states each target once.
        const duplicate = indicators.some(
          (other) => other.paragraph !== source.paragraph && JSON.stringify(other.drafted.target) + other.drafted.unit === key && overlap(other.drafted.name, drafted.name) >= 0.7,
        );
        if (!duplicate) indicators.push({ drafted, paragraph: source.paragraph, stated: source.stated || /phan dau|chi tieu|muc tieu/.test(folded) });
      }
    }
  }

  // Reporting: "Chế độ báo cáo: … gửi Sở Kế hoạch và Đầu tư … trước ngày 10/12/2024".
  let reporting: PlanFileInput['reporting'];
  for (const p of paras) {
    const folded = foldVietnamese(p.text);
    if (!/bao cao/.test(folded) || !/\bgui\s/.test(folded)) continue;
    const deadline = findDeadline(p.text);
    const sendTo = /\bgui\s/.exec(folded)!;
    const recipient = matcher.leadingList(p.text.slice(sendTo.index + sendTo[0].length)).mentions[0];
    if (!deadline || !recipient) continue;
    const subject = p.text.replace(/^\d+\.\s*/, '').replace(/^[^:]{0,40}báo cáo:\s*/iu, '');
    const participants = matcher.leadingList(subject).mentions;
    const periods = findPeriods(p.text);
    reporting = {
      dueDate: deadline.date,
      rule: deadline.rule,
      recipient: recipient.code,
      description: p.text,
      ...(participants.length > 0 ? { participants: participants.map((m) => m.code) } : {}),
      ...(periods.length > 0 ? { schedule: periods.map((every) => ({ every })) } : {}),
    };
    break;
  }

  // Assemble the plan file: group codes for collective and several-agency leads.
  const groups = new Map<string, { code: string; name: string; members: string[] }>();
  const directoryGroups = new Map(directory.groups.map((group) => [group.code, group.members]));
  const membersOf = (mention: AgencyMention): string[] => mention.members ?? directoryGroups.get(mention.code) ?? [mention.code];
  const declare = (mention: AgencyMention): string => {
    if (mention.members && !groups.has(mention.code)) groups.set(mention.code, { code: mention.code, name: mention.name, members: mention.members });
    return mention.code;
  };
  const leadCode = (lead: AgencyMention[], name: string): string => {
    if (lead.length === 1) return declare(lead[0]);
    const members = [...new Set(lead.flatMap(membersOf))];
    const code = lead.map((m) => m.code).join('-').slice(0, 60).replace(/-+$/, '');
    if (!groups.has(code)) groups.set(code, { code, name: name.slice(0, 200), members });
    return code;
  };

  const sources: DraftSource[] = [];
  const planSections = sections.filter((section, i) => sections.findIndex((other) => other.ref === section.ref) === i);
  planSections.forEach((section, i) => sources.push(sourceOf(`sections[${i}]`, section.paragraph, section.title, 0.9)));
  const usedRefs = new Set<string>();
  const planTasks: PlanFileInput['tasks'] = tasks.map((task, i) => {
    let ref = task.ref;
    while (usedRefs.has(ref)) ref = `${ref}'`;
    usedRefs.add(ref);
    const path = `tasks[${i}]`;
    const headName = /^([^:]{3,200}):/.exec(task.text)?.[1] ?? task.lead.map((m) => m.name).join(', ');
    const deadline = findDeadline(task.text);
    let confidence = task.leadHow === 'named' ? 0.9 : task.leadHow === 'inherited' ? 0.75 : 0.45;
    for (const name of task.unmatched) {
      warnings.push({ ...unknownAgency(name, task.paragraph), path: `${path}.leadAgency` });
      confidence -= 0.15;
    }
    if (task.leadHow === 'assumed') {
      warnings.push({
        path: `${path}.leadAgency`,
        line: task.paragraph.line,
        kind: 'lead_assumed',
        message: `Nhiệm vụ ${ref}: văn bản không nêu cơ quan chủ trì; tạm giao ${task.lead.map((m) => m.name).join(', ')}.`,
      });
    }
    if (!deadline) {
      confidence -= 0.05;
      warnings.push({
        path: `${path}.due`,
        line: task.paragraph.line,
        kind: 'no_due_date',
        message: `Nhiệm vụ ${ref}: không thấy thời hạn trong văn bản; tạm lấy 31/12/${year} (đánh dấu giả định).`,
      });
    }
    sources.push(sourceOf(path, task.paragraph, task.text, Math.max(0.1, Math.round(confidence * 100) / 100)));
    const coordinating = task.coordinating.map(declare);
    return {
      ref,
      section: task.section,
      title: titleOf(task.text.replace(/^[^:]{3,200}:\s*(?=\S)/, '')),
      description: task.text,
      leadAgency: leadCode(task.lead, headName),
      ...(coordinating.length > 0 ? { coordinatingAgencies: [...new Set(coordinating)] } : {}),
      due: deadline ? { date: deadline.date, rule: deadline.rule } : { date: `${year}-12-31`, rule: 'by' as const, assumed: true },
    };
  });
  if (planTasks.length === 0) warnings.push({ kind: 'no_tasks', message: 'Không nhận ra nhiệm vụ nào trong văn bản.' });
  if (reporting?.participants) {
    const participants = matcher.leadingList(reporting.description!.replace(/^\d+\.\s*/, '').replace(/^[^:]{0,40}báo cáo:\s*/iu, '')).mentions;
    participants.forEach(declare);
  }

  const planIndicators: PlanFileInput['indicators'] = indicators.map(({ drafted, paragraph, stated }, i) => {
    const path = `indicators[${i}]`;
    const clear = drafted.kindWord !== undefined || stated;
    if (!clear) {
      warnings.push({
        path: `${path}.target`,
        line: paragraph.line,
        kind: 'target_kind_unclear',
        message: `Chỉ tiêu "${drafted.name}": văn bản không nói rõ "ít nhất", "khoảng" hay "trên"; tạm hiểu là tối thiểu ${drafted.target.kind === 'at_least' ? drafted.target.value : ''}.`,
      });
    }
    sources.push(sourceOf(path, paragraph, drafted.text, drafted.kindWord !== undefined ? 0.9 : clear ? 0.8 : 0.6));
    return {
      code: `CT-${String(i + 1).padStart(2, '0')}`,
      name: capitalize(drafted.name).slice(0, 300),
      unit: drafted.unit || 'đơn vị',
      target: drafted.target,
      aggregation: aggregationOf(drafted),
      reporters: [],
      ...(drafted.horizon !== undefined ? { horizon: drafted.horizon } : {}),
    };
  });

  const plan: PlanFileInput = {
    code: options.code ?? planCode(title, year),
    title,
    ...documentNumberAndDate(paras),
    issuer,
    year,
    legalBases: legalBases(paras),
    deadlineRule: 'by',
    ...(reporting ? { reporting } : {}),
    ...(groups.size > 0 ? { groups: [...groups.values()] } : {}),
    sections: planSections.map(({ ref, title: sectionTitle }) => ({ ref, title: sectionTitle.slice(0, 500) })),
    tasks: planTasks,
    indicators: planIndicators,
    ...(statedCounts.length > 0 ? { statedCounts } : {}),
  };

  // The document's own counts against what was drafted.
  const parsed = validatePlanData(plan);
  if (parsed.ok) {
    for (const warning of checkPlanConsistency(parsed.plan)) {
      if (warning.path?.startsWith('statedCounts')) warnings.push({ path: warning.path, kind: 'count_mismatch', message: warning.message });
    }
  }
  return { plan, sources, warnings };
}

function unknownAgency(name: string, paragraph: Paragraph): DraftWarning {
  return {
    line: paragraph.line,
    kind: 'agency_not_found',
    message: `Không tìm thấy "${name}" trong danh bạ cơ quan; chọn cơ quan tương ứng hoặc bổ sung vào danh bạ.`,
  };
}

function sourceOf(path: string, paragraph: Paragraph, text: string, confidence: number): DraftSource {
  return { path, line: paragraph.line, paragraph: paragraph.index, text, confidence };
}

/** Decree 30/2020 outline: I. / 1. (or (1)) / a) / - / +, with plain paragraphs as the body of the item above them. */
function outline(paras: Paragraph[]): Node {
  const root: Node = { kind: 'roman', label: '', text: '', paragraph: paras[0] ?? { index: 0, line: 1, text: '' }, body: [], children: [] };
  const stack: Node[] = [];
  for (const p of paras) {
    const node = classify(p);
    if (!node) {
      (stack[stack.length - 1] ?? root).body.push(p);
      continue;
    }
    while (stack.length > 0 && LEVEL[stack[stack.length - 1].kind] >= LEVEL[node.kind]) stack.pop();
    (stack[stack.length - 1] ?? root).children.push(node);
    stack.push(node);
  }
  return root;
}

function classify(p: Paragraph): Node | undefined {
  const make = (kind: Node['kind'], label: string, text: string): Node => ({ kind, label, text: text.trim(), paragraph: p, body: [], children: [] });
  let m = /^([IVX]{1,5})\.\s+(.+)$/.exec(p.text);
  if (m) return make('roman', m[1], m[2]);
  m = /^(\d{1,2})\.\s+(.+)$/.exec(p.text);
  if (m) return make('number', m[1], m[2]);
  m = /^\((\d{1,2})\)\s*(.+)$/.exec(p.text);
  if (m) return make('number', m[1], m[2]);
  m = /^([a-zđ])\)\s+(.+)$/.exec(p.text);
  if (m) return make('letter', m[1], m[2]);
  m = /^[-–•*]\s+\+\s+(.+)$/.exec(p.text) ?? /^\+\s+(.+)$/.exec(p.text);
  if (m) return make('plus', '+', m[1]);
  m = /^[-–•*]\s+(.+)$/.exec(p.text);
  if (m) return make('bullet', '-', m[1]);
  return undefined;
}

function flatten(node: Node): { paragraph: Paragraph; text: string }[] {
  return [
    { paragraph: node.paragraph, text: node.text },
    ...node.body.map((p) => ({ paragraph: p, text: p.text })),
    ...node.children.flatMap(flatten),
  ];
}

/** "(1) Nhiệm vụ trọng tâm: 05 nhiệm vụ." → 5 "nhiệm vụ trọng tâm". */
function statedCount(text: string): { subject: string; stated: number } | undefined {
  const m = /^([^:]{3,120}):\s*(\d+)\s*nhiệm vụ\.?$/iu.exec(text);
  return m ? { subject: m[1].toLowerCase(), stated: Number(m[2]) } : undefined;
}

/** "… tập trung triển khai 12 nhóm nhiệm vụ, giải pháp trọng tâm: …" / "Các nhiệm vụ, giải pháp … như: …". */
function introOf(text: string): { start: number; count?: number; subject: string; title: string; rest: string } | undefined {
  const folded = foldVietnamese(text);
  const m = /(?:(\d+)\s+)?((?:nhom\s+)?nhiem vu,?\s*(?:va\s+)?giai phap[^:.;]{0,60}):\s*/.exec(folded);
  if (!m) return undefined;
  const subjectStart = m.index + (m[1] ? m[1].length + 1 : 0);
  const subject = text.slice(subjectStart, subjectStart + m[2].length).trim();
  const boundary = text.lastIndexOf('. ', m.index);
  const sentenceStart = boundary < 0 ? 0 : boundary + 2;
  return {
    start: sentenceStart,
    count: m[1] ? Number(m[1]) : undefined,
    subject,
    title: capitalize(text.slice(sentenceStart, m.index + m[0].length).replace(/:\s*$/, '')).slice(0, 300),
    rest: text.slice(m.index + m[0].length),
  };
}

function isTargetParagraph(text: string): boolean {
  const folded = foldVietnamese(text);
  return /muc tieu cu the|chi tieu|phan dau|tro len|it nhat|toi thieu/.test(folded) && /\d/.test(folded.replace(/\d{4}/g, ''));
}

function documentYear(paras: Paragraph[]): number | undefined {
  const head = paras.slice(0, 12).map((p) => p.text).join('\n');
  const dated = /\b\d{1,2}\/\d{1,2}\/(\d{4})\b/;
  // The title's year, else the date of the notice, else any year the head names, else any date.
  const m =
    /năm\s+(\d{4})/iu.exec(paras.slice(0, 4).map((p) => p.text).join('\n')) ??
    dated.exec(paras.slice(0, 5).map((p) => p.text).join('\n')) ??
    /năm\s+(\d{4})/iu.exec(head) ??
    dated.exec(paras.map((p) => p.text).join('\n'));
  return m ? Number(m[1]) : undefined;
}

function documentTitle(paras: Paragraph[]): string {
  const kindAt = paras.slice(0, 15).findIndex((p) => /^(KẾ HOẠCH|CHƯƠNG TRÌNH|QUYẾT ĐỊNH|CHỈ THỊ|ĐỀ ÁN)$/u.test(p.text.trim()));
  if (kindAt >= 0 && paras[kindAt + 1]) {
    const kind = paras[kindAt].text.trim();
    return `${kind.charAt(0)}${kind.slice(1).toLowerCase()} ${paras[kindAt + 1].text.charAt(0).toLowerCase()}${paras[kindAt + 1].text.slice(1)}`.slice(0, 500);
  }
  const first = paras.find((p) => p.text.length >= 20 && !/^(DetailController|Tin từ|Thứ|\d)/.test(p.text));
  return (first?.text ?? 'Kế hoạch').slice(0, 500);
}

function documentNumberAndDate(paras: Paragraph[]): { number?: string; issuedDate?: string } {
  const head = paras.slice(0, 8).map((p) => p.text).join('\n');
  const number = /Số:\s*(\d+[^\s]*\/[^\s]+)/u.exec(head)?.[1];
  const date = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(head);
  const pad = (n: string) => n.padStart(2, '0');
  return { ...(number ? { number } : {}), ...(date ? { issuedDate: `${date[3]}-${pad(date[2])}-${pad(date[1])}` } : {}) };
}

function legalBases(paras: Paragraph[]): string[] {
  const out: string[] = [];
  for (const p of paras.slice(0, 30)) {
    if (/^căn cứ\s/iu.test(p.text)) out.push(p.text.replace(/[;.]$/, ''));
    else if (/^thực hiện\s/iu.test(p.text) && /ban hành/iu.test(p.text)) {
      for (const part of p.text.split(/;\s*/)) {
        if (/số\s+\d/iu.test(part)) out.push(part.replace(/^thực hiện\s+/iu, '').replace(/[.;]$/, '').slice(0, 500));
      }
    }
  }
  return out;
}

/** The issuer: the agency before "ban hành (Kế hoạch|Chương trình …)", else the committee of the document's place. */
function findIssuer(paras: Paragraph[], matcher: AgencyMatcher, directory: DraftDirectory): string {
  for (const p of paras) {
    const m = /ban hanh (ke hoach|chuong trinh|quyet dinh|nghi quyet)/.exec(foldVietnamese(p.text));
    if (!m) continue;
    const boundary = Math.max(p.text.lastIndexOf('. ', m.index), p.text.lastIndexOf('; ', m.index));
    const sentenceStart = boundary < 0 ? 0 : boundary + 2;
    const named = matcher.mentions(p.text.slice(sentenceStart, m.index)).filter((mention) => !mention.members);
    if (named.length > 0) return named[named.length - 1].code;
  }
  const committees = directory.agencies.filter((a) => /^uy ban nhan dan (thanh pho|tinh)\b/.test(foldVietnamese(a.name)) && matcher.inLocality(a));
  return (committees.find((a) => a.kind === 'committee') ?? committees[0] ?? directory.agencies[0]).code;
}

/** The people's committee next to the issuer (a Party programme's tasks of government go to it). */
function localCommitteeOf(issuer: string, matcher: AgencyMatcher, directory: DraftDirectory): string | undefined {
  const prefix = issuer.split('-')[0];
  const committees = directory.agencies.filter((a) => a.code !== issuer && /^uy ban nhan dan (thanh pho|tinh)\b/.test(foldVietnamese(a.name)) && matcher.inLocality(a));
  return (committees.find((a) => a.code.startsWith(`${prefix}-`)) ?? committees.find((a) => a.kind === 'committee'))?.code;
}

/** "Phụ lục" tables as text: rows of cells separated by tabs or "|" with a name, a unit and a number. */
function appendixRows(paras: Paragraph[]): { paragraph: Paragraph; text: string; stated: boolean }[] {
  const start = paras.findIndex((p) => /^phụ lục\b/iu.test(p.text));
  if (start < 0) return [];
  const rows: { paragraph: Paragraph; text: string; stated: boolean }[] = [];
  for (const p of paras.slice(start + 1)) {
    const cells = p.text.split(/\t|\s\|\s/).map((cell) => cell.trim()).filter(Boolean);
    if (cells.length < 3) continue;
    const named = cells.filter((cell) => !/^\d+$/.test(cell));
    const value = [...cells].reverse().find((cell) => /^(?:trên|dưới|khoảng|≥|≤)?\s*[\d.,]+(?:\s*[-–]\s*[\d.,]+)?\s*%?$/u.test(cell));
    if (named.length >= 2 && value) rows.push({ paragraph: p, text: `${named[0]}: ${value} ${named[1]}`, stated: true });
  }
  return rows;
}

function aggregationOf(indicator: DraftedIndicator): 'sum' | 'average' | 'latest' {
  const folded = foldVietnamese(`${indicator.name} ${indicator.unit}`);
  return indicator.unit === '%' || /binh quan|dong/.test(folded) || indicator.target.kind === 'growth' ? 'latest' : 'sum';
}

function planCode(title: string, year: number): string {
  const initials = words(title)
    .filter((word) => !/^\d+$/.test(word) && !['va', 'cua', 'tren', 'dia', 'ban', 'nam', 've', 'cac', 'trong'].includes(word))
    .map((word) => word[0].toUpperCase())
    .join('')
    .slice(0, 10);
  return `KH-${year}-${initials || 'DRAFT'}`;
}

function titleOf(text: string): string {
  const first = text.replace(/^[-–+•]\s*/, '').split(/;\s|\.\s|:\s/)[0].trim().replace(/[.;:]$/, '');
  if (first.length <= 180) return capitalize(first);
  return capitalize(`${first.slice(0, 180).replace(/\s+\S*$/, '')}…`);
}

function capitalize(text: string): string {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

function dedupe(mentions: AgencyMention[]): AgencyMention[] {
  return mentions.filter((mention, i) => mentions.findIndex((other) => other.code === mention.code) === i);
}

function overlap(a: string, b: string): number {
  const left = new Set(words(a));
  const right = new Set(words(b));
  if (left.size === 0 || right.size === 0) return 0;
  return [...left].filter((word) => right.has(word)).length / Math.min(left.size, right.size);
}

