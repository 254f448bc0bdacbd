import { PlanFile, PlanStatedCount, resolvePlanTaskDue } from './schema';

/** Something a coordinator should look at before issuing a plan; not an error. Messages are Vietnamese. */
export interface PlanWarning {
  path?: string;
  message: string;
}

const OF_LABEL: Record<PlanStatedCount['of'], string> = {
  tasks: 'nhiệm vụ',
  indicators: 'chỉ tiêu',
  sections: 'mục',
};

/** `ref` is `within` itself or lies under it (`II`, `II.1`, `II.1.a` are all within `II`; `III` is not). */
export function planRefIsWithin(ref: string, within: string): boolean {
  return ref === within || ref.startsWith(within + '.');
}

/** How many items a stated count refers to, counted from the plan itself. */
export function countStatedItems(plan: PlanFile, count: Pick<PlanStatedCount, 'of' | 'within'>): number {
  const within = count.within;
  const inScope = (...refs: (string | undefined)[]) =>
    within === undefined || refs.some((ref) => ref !== undefined && planRefIsWithin(ref, within));
  switch (count.of) {
    case 'tasks':
      return plan.tasks.filter((task) => inScope(task.ref, task.section)).length;
    case 'indicators':
      return plan.indicators.filter((indicator) => inScope(indicator.ref, indicator.code)).length;
    case 'sections':
      return plan.sections.filter((section) => inScope(section.ref) && section.ref !== within).length;
  }
}

/**
 * Internal consistency of a plan, as warnings: counts the document announces that its own items contradict,
 * indicators nobody reports, tasks without a due date, deadlines before the issue date, a lead agency also
 * listed as coordinating.
 */
export function checkPlanConsistency(plan: PlanFile): PlanWarning[] {
  const warnings: PlanWarning[] = [];

  const statedCounts = plan.statedCounts ?? [];
  statedCounts.forEach((count, i) => {
    // A count whose parts the document also counts ("38 nhiệm vụ chi tiết" in five groups of 4, 13, 8, 4, 5) is
    // checked against the sum of those parts; each part is checked against the items it lists.
    const parts = statedCounts.filter((other) => other.of === count.of && isDirectChild(other.within, count.within));
    if (parts.length > 0) {
      const sum = parts.reduce((total, part) => total + part.stated, 0);
      if (sum !== count.stated) {
        const scope = count.within !== undefined ? ` (mục ${count.within})` : '';
        warnings.push({
          path: `statedCounts[${i}]`,
          message:
            `Văn bản nêu ${count.stated} ${count.subject}${scope} nhưng số lượng nêu ở từng nhóm cộng lại ${sum} ` +
            `(${sum < count.stated ? 'thiếu' : 'thừa'} ${Math.abs(count.stated - sum)}).`,
        });
      }
      return;
    }
    const actual = countStatedItems(plan, count);
    if (actual !== count.stated) {
      const scope = count.within !== undefined ? ` (thuộc mục ${count.within})` : '';
      warnings.push({
        path: `statedCounts[${i}]`,
        message:
          `Văn bản nêu ${count.stated} ${count.subject}${scope} nhưng các mục của văn bản chỉ liệt kê ` +
          `${actual} ${OF_LABEL[count.of]} (${actual < count.stated ? 'thiếu' : 'thừa'} ${Math.abs(count.stated - actual)}).`,
      });
    }
  });

  plan.indicators.forEach((indicator, i) => {
    if (indicator.reporters.length === 0) {
      warnings.push({
        path: `indicators[${i}].reporters`,
        message: `Chỉ tiêu ${indicator.code} "${indicator.name}" chưa có cơ quan nào báo cáo số liệu thực hiện.`,
      });
    }
  });

  const assumed = plan.tasks.filter((task) => task.due !== undefined && task.due !== 'reporting' && task.due.assumed);
  for (const date of [...new Set(assumed.map((task) => resolvePlanTaskDue(plan, task)!.date))].sort()) {
    const refs = assumed.filter((task) => resolvePlanTaskDue(plan, task)!.date === date).map((task) => task.ref);
    const listed = refs.length > 6 ? `${refs.slice(0, 6).join(', ')}, …` : refs.join(', ');
    warnings.push({
      path: `tasks[${plan.tasks.findIndex((task) => task.ref === refs[0])}].due`,
      message:
        `Văn bản không nêu thời hạn của ${refs.length} nhiệm vụ (${listed}); thời hạn ${formatDate(date)} trong tệp là giả định, ` +
        'cần xác nhận trước khi ban hành.',
    });
  }

  plan.tasks.forEach((task, i) => {
    const due = resolvePlanTaskDue(plan, task);
    if (!due) {
      warnings.push({ path: `tasks[${i}].due`, message: `Nhiệm vụ ${task.ref} chưa có thời hạn hoàn thành.` });
    } else if (plan.issuedDate !== undefined && due.date < plan.issuedDate) {
      warnings.push({
        path: `tasks[${i}].due`,
        message: `Thời hạn của nhiệm vụ ${task.ref} (${due.date}) sớm hơn ngày ban hành kế hoạch (${plan.issuedDate}).`,
      });
    }
    if ((task.coordinatingAgencies ?? []).includes(task.leadAgency)) {
      warnings.push({
        path: `tasks[${i}].coordinatingAgencies`,
        message: `Nhiệm vụ ${task.ref}: cơ quan chủ trì ${task.leadAgency} cũng có tên trong danh sách cơ quan phối hợp.`,
      });
    }
  });

  if (plan.reporting && plan.issuedDate !== undefined && plan.reporting.dueDate < plan.issuedDate) {
    warnings.push({
      path: 'reporting.dueDate',
      message: `Hạn báo cáo (${plan.reporting.dueDate}) sớm hơn ngày ban hành kế hoạch (${plan.issuedDate}).`,
    });
  }

  return warnings;
}

/** `2.1` is a direct child of `2`; `2.1.3` is not; a top-level ref is a child of the whole plan (`undefined`). */
function isDirectChild(ref: string | undefined, parent: string | undefined): boolean {
  if (ref === undefined) return false;
  if (parent === undefined) return !ref.includes('.');
  return ref.startsWith(parent + '.') && !ref.slice(parent.length + 1).includes('.');
}

const formatDate = (date: string) => date.split('-').reverse().join('/');
