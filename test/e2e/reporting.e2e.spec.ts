import { XLSX_SHEET_NAMES } from '@giaoviec/reports';
import { Workbook } from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { replayHistories } from '../support/replay';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The 10/12 reporting round end to end (issue 5) on Hanoi 2024 re-based to 2026, through the real API and
 * worker on real Temporal and PostgreSQL: issuing opens the plan's own round; a second-scale round reminds,
 * turns the missing late, escalates naming them, takes a late report and an amendment, adds the districts'
 * actuals up, and renders the consolidated report as JSON, .xlsx and .docx; closing ends it.
 */
describe('reporting rounds (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  let leader: string;
  let finance: string;
  let baDinh: string;
  let socSon: string;
  let dongAnh: string;
  let cityCommittee: string;
  let planId: string;
  let code: string;
  const roundWorkflowIds: string[] = [];
  /** Hanoi 2024 under a code of this run: Temporal keeps workflow IDs across test databases. */
  const run = Array.from({ length: 5 }, () => String.fromCharCode(65 + randomInt(26))).join('');

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const getRound = async (id: string, token = coordinator) => (await stack.http.get(`/api/reporting-rounds/${id}`).set(auth(token)).expect(200)).body;
  const statusOf = (round: { participants: { agency: string; status: string }[] }, agency: string) =>
    round.participants.find((participant) => participant.agency === agency)?.status;
  const inbox = async (token: string) =>
    (await stack.http.get('/api/notifications').query({ limit: 200 }).set(auth(token)).expect(200)).body.items as { kind: string; title: string; body: string }[];
  const report = (token: string, roundId: string, body: Record<string, unknown>) =>
    stack.http.post(`/api/reporting-rounds/${roundId}/reports`).set(auth(token)).send(body);

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', name: 'Sở KH&ĐT', role: 'coordinator' });
    leader = await stack.tokenFor({ sub: 'ubnd.pct', role: 'leader' });
    finance = await stack.tokenFor({ sub: 'stc.cv', role: 'agency', agency: 'STC' });
    baDinh = await stack.tokenFor({ sub: 'bd.cv', role: 'agency', agency: 'UBND-BA-DINH' });
    socSon = await stack.tokenFor({ sub: 'ss.cv', role: 'agency', agency: 'UBND-SOC-SON' });
    dongAnh = await stack.tokenFor({ sub: 'da.cv', role: 'agency', agency: 'UBND-DONG-ANH' });
    cityCommittee = await stack.tokenFor({ sub: 'ubndtp.cv', role: 'agency', agency: 'UBND-TP' });

    const seed = fs.readFileSync(path.join(__dirname, '../../data/plans/hanoi-2024-kttt-htx.yaml'), 'utf8');
    const imported = await stack.http
      .post('/api/plans')
      .query({ year: 2026 })
      .set(auth(coordinator))
      .set('Content-Type', 'application/yaml')
      .send(seed.replace(/^code: (.+)$/m, (_line, planCode) => `code: ${planCode}-R${run}`))
      .expect(201);
    ({ id: planId, code } = imported.body);
    await stack.http.post(`/api/plans/${planId}/issue`).set(auth(coordinator)).expect(202);
  });

  afterAll(async () => {
    // Leave nothing running on the shared Temporal server.
    if (stack && code) {
      const rows: { workflow_id: string }[] = await stack.dataSource.query(
        `SELECT workflow_id FROM tasks WHERE plan_code = $1 UNION ALL SELECT workflow_id FROM reporting_rounds WHERE plan_code = $1`,
        [code],
      );
      for (let i = 0; i < rows.length; i += 32) {
        await Promise.all(rows.slice(i, i + 32).map(({ workflow_id }) => stack.client.workflow.getHandle(workflow_id).terminate('kết thúc kiểm thử').catch(() => undefined)));
      }
    }
    await stack?.close();
  });

  it("opens the plan's own 10/12 round when the plan is issued: every lead agency, each district committee, once", async () => {
    const plan = (await stack.http.get(`/api/plans/${planId}`).set(auth(coordinator)).expect(200)).body;
    const rounds = (await stack.http.get(`/api/plans/${planId}/reporting-rounds`).set(auth(leader)).expect(200)).body;
    expect(rounds.total).toBe(1);
    const [planRound] = rounds.items;
    expect(planRound).toMatchObject({ kind: 'plan', status: 'open', dueAt: plan.reporting.dueAt, dueText: 'trước ngày 10/12/2026', coordinatorAgency: 'SKHDT' });
    expect(planRound.workflowId).toBe(`reporting-round:${code}:plan-reporting`);
    roundWorkflowIds.push(planRound.workflowId);

    const round = await getRound(planRound.id, leader);
    const participants: string[] = round.participants.map((participant: { agency: string }) => participant.agency);
    const leads = new Set<string>(plan.tasks.flatMap((task: { children: { leadAgency: string }[] }) => task.children.map((child) => child.leadAgency)));
    const districts = (await stack.http.get('/api/agencies/groups').set(auth(leader)).expect(200)).body.find((group: { code: string }) => group.code === 'DISTRICTS').members;
    expect(districts).toHaveLength(30);
    expect(participants).toEqual(expect.arrayContaining([...leads, ...districts, 'STC', 'CT-HN', 'LMHTX', 'SKHDT']));
    expect(new Set(participants).size).toBe(participants.length);
    expect(participants).not.toContain('UBND-TP');
    expect(round.counts).toMatchObject({ total: participants.length, pending: participants.length });
    expect(round.events.map((event: { type: string }) => event.type)).toEqual(['opened']);

    // Issuing again opens nothing twice.
    await stack.http.post(`/api/plans/${planId}/issue`).set(auth(coordinator)).expect(202);
    expect((await stack.http.get(`/api/plans/${planId}/reporting-rounds`).set(auth(coordinator)).expect(200)).body.total).toBe(1);
    await waitFor(() => inbox(finance), (items) => items.some((item) => item.kind === 'round_opened'));
    expect((await inbox(finance)).filter((item) => item.kind === 'round_opened')).toHaveLength(1);
  });

  it('runs a round in seconds: reminders, the deadline, late participants, the escalation naming them, a late report, an amendment, the summary, close', async () => {
    // An ad-hoc task of the plan already overdue when the summary is made, for its overdue sheet.
    await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'Rà soát HTX ngừng hoạt động', leadAgency: 'STC', planId, dueAt: new Date(Date.now() + 2_000).toISOString(), policy: { remindBefore: [], escalateAfter: [] } })
      .expect(201);

    const opened = await stack.http
      .post(`/api/plans/${planId}/reporting-rounds`)
      .set(auth(coordinator))
      .send({
        // Margins of seconds between the moments, so a loaded machine keeps their order.
        dueAt: new Date(Date.now() + 9_000).toISOString(),
        policy: { remindBefore: ['PT5S'], escalateAfter: [{ after: 'PT0S', to: 'coordinator' }, { after: 'PT2S', to: 'leader' }] },
      })
      .expect(201);
    const round = opened.body;
    roundWorkflowIds.push(round.workflowId);
    expect(round).toMatchObject({ kind: 'ad_hoc', status: 'open', escalationLevel: 0, escalatedTo: null });
    expect(round.participants.map((participant: { agency: string }) => participant.agency)).toEqual(expect.arrayContaining(['STC', 'UBND-BA-DINH', 'UBND-SOC-SON', 'UBND-DONG-ANH']));
    expect(round.participants.find((participant: { agency: string }) => participant.agency === 'STC')).toEqual({
      agency: 'STC',
      agencyName: 'Sở Tài chính',
      status: 'pending',
      submittedAt: null,
      lastReportedAt: null,
      reportVersion: 0,
    });

    // Two districts report on time; refused reports change nothing.
    const first = await report(baDinh, round.id, {
      content: 'Quận Ba Đình: đã hướng dẫn thành lập mới 4 HTX, mở 2 lớp bồi dưỡng.',
      indicatorActuals: [{ indicator: 'HTX-THANH-LAP-MOI', value: 4 }, { indicator: 'DAO-TAO-SO-LOP', value: 2 }],
      attachments: [{ name: 'Báo cáo số 215/BC-UBND' }],
    }).expect(201);
    expect(first.body.ownReport).toMatchObject({ version: 1, late: false, indicatorActuals: [{ indicator: 'HTX-THANH-LAP-MOI', value: 4 }, { indicator: 'DAO-TAO-SO-LOP', value: 2 }] });
    expect(statusOf(first.body, 'UBND-BA-DINH')).toBe('submitted');
    expect(first.body.reportableIndicators.map((indicator: { code: string }) => indicator.code)).toEqual(
      expect.arrayContaining(['HTX-THANH-LAP-MOI', 'DAO-TAO-SO-LOP']),
    );
    await report(socSon, round.id, { content: 'Huyện Sóc Sơn: 3 HTX mới.', indicatorActuals: [{ indicator: 'HTX-THANH-LAP-MOI', value: 3 }] })
      .set('Idempotency-Key', 'soc-son-1')
      .expect(201);
    const repeat = await report(socSon, round.id, { content: 'Huyện Sóc Sơn: 3 HTX mới.', indicatorActuals: [{ indicator: 'HTX-THANH-LAP-MOI', value: 3 }] })
      .set('Idempotency-Key', 'soc-son-1')
      .expect(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');

    const notTheirs = await report(finance, round.id, { content: 'x', indicatorActuals: [{ indicator: 'DAO-TAO-SO-LOP', value: 1 }, { indicator: 'HTX-THANH-LAP-MOI', value: 9 }, { indicator: 'NOPE', value: 1 }] }).expect(400);
    expect(notTheirs.body.details).toEqual([
      { path: 'indicatorActuals[1].indicator', message: 'cơ quan STC không được giao báo cáo chỉ tiêu "HTX-THANH-LAP-MOI"' },
      { path: 'indicatorActuals[2].indicator', message: 'kế hoạch không có chỉ tiêu mã "NOPE"' },
    ]);
    const badBody = await report(finance, round.id, { content: '', indicatorActuals: [{ indicator: 'DAO-TAO-SO-LOP', value: 'một' }] }).expect(400);
    expect(badBody.body.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['content', 'indicatorActuals[0].value']);
    await report(cityCommittee, round.id, { content: 'x', indicatorActuals: [] }).expect(404);
    await stack.http.get(`/api/reporting-rounds/${round.id}`).set(auth(cityCommittee)).expect(404);
    await report(coordinator, round.id, { content: 'x', indicatorActuals: [] }).expect(403);
    expect(statusOf(await getRound(round.id), 'STC')).toBe('pending');

    // The reminder goes to those still missing; at the deadline they turn late; then the ladder.
    const escalated = await waitFor(() => getRound(round.id, leader), (current) => current.escalationLevel === 2, 30_000);
    expect(escalated).toMatchObject({ escalationLevel: 2, escalatedTo: 'leader' });
    const types = escalated.events.map((event: { type: string }) => event.type);
    expect(types).toEqual(['opened', 'report_submitted', 'report_submitted', 'reminder_sent', 'deadline_passed', 'escalated', 'escalated']);
    const [reminder, deadline, toCoordinator, toLeader] = escalated.events.slice(3);
    expect(reminder.payload.missing).toContain('STC');
    expect(reminder.payload.missing).not.toContain('UBND-BA-DINH');
    expect(reminder.payload.missing).not.toContain('UBND-SOC-SON');
    expect(deadline.payload.late).toEqual(reminder.payload.missing);
    expect(toCoordinator.payload).toMatchObject({ level: 1, to: 'coordinator' });
    expect(toLeader.payload).toMatchObject({ level: 2, to: 'leader' });
    expect(toLeader.payload.missing).toEqual(expect.arrayContaining(['STC', 'UBND-DONG-ANH']));
    expect(statusOf(escalated, 'STC')).toBe('late');
    expect(statusOf(escalated, 'UBND-SOC-SON')).toBe('submitted');
    expect(escalated.missing).toContainEqual({ code: 'STC', name: 'Sở Tài chính' });

    const financeInbox = (await inbox(finance)).map((item) => item.kind);
    expect(financeInbox).toEqual(expect.arrayContaining(['round_opened', 'round_reminder', 'round_late']));
    expect((await inbox(baDinh)).map((item) => item.kind)).not.toContain('round_reminder');
    const leaderMessage = (await inbox(leader)).find((item) => item.kind === 'round_escalated');
    expect(leaderMessage?.body).toContain('Sở Tài chính (STC)');
    expect((await inbox(coordinator)).filter((item) => item.kind === 'round_escalated')).toHaveLength(1);

    // A report after the deadline is accepted and marked late; an amendment replaces the actuals, keeping every version.
    const late = await report(dongAnh, round.id, { content: 'Huyện Đông Anh: 2 HTX mới (báo cáo muộn).', indicatorActuals: [{ indicator: 'HTX-THANH-LAP-MOI', value: 2 }] }).expect(201);
    expect(statusOf(late.body, 'UBND-DONG-ANH')).toBe('submitted_late');
    expect(late.body.ownReport).toMatchObject({ version: 1, late: true });
    const amended = await report(baDinh, round.id, {
      content: 'Quận Ba Đình (điều chỉnh): 5 HTX mới.',
      indicatorActuals: [{ indicator: 'HTX-THANH-LAP-MOI', value: 5 }],
    }).expect(201);
    expect(amended.body.participants.find((participant: { agency: string }) => participant.agency === 'UBND-BA-DINH')).toMatchObject({
      status: 'submitted',
      reportVersion: 2,
      submittedAt: first.body.participants.find((participant: { agency: string }) => participant.agency === 'UBND-BA-DINH').submittedAt,
    });
    const versions = (await stack.http.get(`/api/reporting-rounds/${round.id}/reports`).query({ agency: 'UBND-BA-DINH' }).set(auth(coordinator)).expect(200)).body;
    expect(versions.map((version: { version: number; content: string }) => [version.version, version.content.slice(0, 20)])).toEqual([
      [1, 'Quận Ba Đình: đã hướ'],
      [2, 'Quận Ba Đình (điều c'],
    ]);
    expect((await stack.http.get(`/api/reporting-rounds/${round.id}/reports`).set(auth(socSon)).expect(200)).body.map((version: { agency: string }) => version.agency)).toEqual(['UBND-SOC-SON']);

    // The plan's indicators see the round's actuals: 5 + 3 + 2; the amended-away DAO-TAO-SO-LOP actual is gone.
    const indicators = (await stack.http.get(`/api/plans/${planId}/indicators`).set(auth(leader)).expect(200)).body;
    expect(indicators.find((indicator: { code: string }) => indicator.code === 'HTX-THANH-LAP-MOI')).toMatchObject({ actual: 10, reportCount: 3, met: false });
    expect(indicators.find((indicator: { code: string }) => indicator.code === 'DAO-TAO-SO-LOP')).toMatchObject({ actual: null, reportCount: 0 });

    // The consolidated report, as JSON.
    await stack.http.get(`/api/reporting-rounds/${round.id}/summary`).set(auth(baDinh)).expect(403);
    const summary = (await stack.http.get(`/api/reporting-rounds/${round.id}/summary`).set(auth(leader)).expect(200)).body;
    expect(summary.round).toMatchObject({ id: round.id, planCode: code, status: 'open', escalationLevel: 2, escalatedTo: 'leader' });
    expect(summary.compiledBy).toEqual({ code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' });
    expect(summary.sentTo.code).toBe('UBND-TP');
    const founded = summary.indicators.find((indicator: { code: string }) => indicator.code === 'HTX-THANH-LAP-MOI');
    expect(founded).toMatchObject({ actual: 10, reports: 3, met: false, targetText: '≥ 100 HTX', aggregation: 'sum' });
    expect(summary.missing).toContainEqual({ code: 'STC', name: 'Sở Tài chính' });
    expect(summary.missing.map((agency: { code: string }) => agency.code)).not.toContain('UBND-DONG-ANH');
    expect(summary.participants.find((participant: { agency: string }) => participant.agency === 'UBND-BA-DINH')).toMatchObject({
      status: 'submitted',
      content: 'Quận Ba Đình (điều chỉnh): 5 HTX mới.',
      indicatorActuals: [{ indicator: 'HTX-THANH-LAP-MOI', value: 5 }],
    });
    expect(summary.participants.find((participant: { agency: string }) => participant.agency === 'UBND-DONG-ANH').status).toBe('submitted_late');
    expect(summary.taskStatistics.total).toBe(360);
    expect(summary.taskStatistics.byCategory.in_progress_overdue).toBe(1);
    expect(summary.taskStatistics.byAgency.find((agency: { agency: string }) => agency.agency === 'UBND-BA-DINH').total).toBe(10);
    expect(summary.overdueTasks).toEqual([expect.objectContaining({ title: 'Rà soát HTX ngừng hoạt động', agency: 'STC', agencyName: 'Sở Tài chính' })]);

    // The .xlsx, read back: the same figures as the JSON.
    const xlsx = await stack.http.get(`/api/reporting-rounds/${round.id}/summary`).set(auth(coordinator)).set('Accept', XLSX).buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toBe(XLSX);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="bao-cao-tong-hop-${code}-${localDay(round.dueAt)}.xlsx"`);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body);
    const cellsOf = (sheet: string) => {
      const rows: string[][] = [];
      workbook.getWorksheet(sheet)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => cellText(value))));
      return rows;
    };
    const indicatorRow = cellsOf(XLSX_SHEET_NAMES.indicators).find((row) => row.includes('HTX-THANH-LAP-MOI'));
    expect(indicatorRow).toEqual(expect.arrayContaining([founded.name, '≥ 100 HTX', '10', '3']));
    const financeRow = cellsOf(XLSX_SHEET_NAMES.agencies).find((row) => row.some((cell) => cell.includes('Sở Tài chính')));
    expect(financeRow).toContain('Quá hạn, chưa báo cáo');
    expect(cellsOf(XLSX_SHEET_NAMES.overdue).some((row) => row.some((cell) => cell.includes('Rà soát HTX ngừng hoạt động')))).toBe(true);

    // The .docx by ?format= (a download link), unzipped: the administrative heading and the same figures.
    const docx = await stack.http.get(`/api/reporting-rounds/${round.id}/summary`).query({ format: 'docx' }).set(auth(leader)).buffer(true).parse(binary).expect(200);
    expect(docx.headers['content-type']).toBe(DOCX);
    expect(docx.headers['content-disposition']).toContain('.docx"');
    const xml = strFromU8(unzipSync(new Uint8Array(docx.body))['word/document.xml']);
    const paragraphs = xml.split('</w:p>').map((paragraph) => paragraph.replace(/<[^>]+>/g, '').trim());
    const text = paragraphs.join('\n');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Sở Tài chính');
    // The indicator table's row: its name, then unit, target and the same actual as the JSON.
    const row = paragraphs.indexOf(founded.name);
    expect(row).toBeGreaterThan(0);
    expect(paragraphs.slice(row + 1, row + 5)).toEqual(expect.arrayContaining(['≥ 100 HTX', '10']));
    await stack.http.get(`/api/reporting-rounds/${round.id}/summary`).query({ format: 'pdf' }).set(auth(leader)).expect(400);

    // Closing: nothing more is accepted.
    const closed = await stack.http.post(`/api/reporting-rounds/${round.id}/close`).set(auth(coordinator)).send({ note: 'Đã tổng hợp, báo cáo UBND Thành phố' }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect(closed.body.events.at(-1)).toMatchObject({ type: 'closed', payload: { missing: expect.arrayContaining(['STC']) } });
    const refused = await report(finance, round.id, { content: 'Sở Tài chính: báo cáo', indicatorActuals: [] }).expect(409);
    expect(refused.body.message).toContain('đã kết thúc');
    await stack.http.post(`/api/reporting-rounds/${round.id}/close`).set(auth(coordinator)).send({}).expect(409);
    await stack.http.post(`/api/reporting-rounds/${round.id}/close`).set(auth(leader)).send({}).expect(403);
    const described = await stack.client.workflow.getHandle(round.workflowId).describe();
    expect(described.status.name).toBe('COMPLETED');
  });

  it('refuses a round with a past deadline, unknown participants or a bad policy, naming each field, and opens nothing', async () => {
    const response = await stack.http
      .post(`/api/plans/${planId}/reporting-rounds`)
      .set(auth(coordinator))
      .send({ dueAt: '2020-01-01T00:00:00+07:00', participants: ['STC', 'NOPE', 'DISTRICTS'], policy: { remindBefore: ['soon'], maxExtensions: 1 } })
      .expect(400);
    expect(response.body.details.map((detail: { path: string }) => detail.path)).toEqual(['dueAt', 'policy.maxExtensions', 'policy.remindBefore[0]', 'participants[1]']);
    expect((await stack.http.get(`/api/plans/${planId}/reporting-rounds`).set(auth(coordinator)).expect(200)).body.total).toBe(2);
    await stack.http.post(`/api/plans/${planId}/reporting-rounds`).set(auth(leader)).send({ dueAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(403);
    await stack.http.post('/api/plans/00000000-0000-4000-8000-000000000000/reporting-rounds').set(auth(coordinator)).send({ dueAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(404);

    // Named participants, groups expanded; an agency lists only the rounds it reports in.
    const named = await stack.http
      .post(`/api/plans/${planId}/reporting-rounds`)
      .set(auth(coordinator))
      .send({ dueAt: new Date(Date.now() + 86_400_000).toISOString(), participants: ['STC', 'DISTRICTS'] })
      .expect(201);
    roundWorkflowIds.push(named.body.workflowId);
    expect(named.body.participants).toHaveLength(31);
    expect(named.body.dueText).toMatch(/^trước \d\d:\d\d(:\d\d)? ngày \d\d\/\d\d\/\d{4}$/);
    const mine = (await stack.http.get('/api/reporting-rounds').set(auth(cityCommittee)).expect(200)).body;
    expect(mine.total).toBe(0);
    expect((await stack.http.get('/api/reporting-rounds').set(auth(finance)).expect(200)).body.total).toBe(3);

    // Attachments are web links only.
    const trap = await report(finance, named.body.id, {
      content: 'Báo cáo',
      indicatorActuals: [],
      attachments: [{ name: 'Tệp', url: 'javascript:alert(1)' }],
    }).expect(400);
    expect(trap.body.details).toEqual([{ path: 'attachments[0].url', message: 'url phải là đường dẫn http(s)://' }]);
  });

  it('replays the round and plan-issue histories with the current workflow code', async () => {
    expect(await replayHistories(stack.client, [...roundWorkflowIds, `plan-issue:${code}`], 'reporting-round')).toEqual([]);
  });
});

/** supertest: collect a binary body as a Buffer. */
function binary(response: unknown, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
  stream.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}

/** A cell's value as text (rich text, formulas and numbers included). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; result?: unknown; text?: string };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if (cell.result !== undefined) return cellText(cell.result);
    if (cell.text !== undefined) return String(cell.text);
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}

function localDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
}
