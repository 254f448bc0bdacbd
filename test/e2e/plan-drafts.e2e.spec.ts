import fs from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Issue 12 end to end, on the real API and PostgreSQL: a document in (.docx upload, raw .docx, PDF, text), a draft
 * plan file out that POST /api/plans takes as it is; bad input refused naming the field; the approximate target of
 * city-49-ctr-tu.yaml is shown as such and an actual of 1,980 meets it.
 */
describe('plan drafts (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  const roundWorkflowIds: string[] = [];
  const DATA = path.join(__dirname, '../../data');
  const hanoiText = fs.readFileSync(path.join(DATA, 'seeds/004_6c5e1a8e938aed3d.txt'), 'utf8');
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const docxOf = (text: string) => Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }] }));

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
  });

  afterAll(async () => {
    for (const id of roundWorkflowIds) await stack.client.workflow.getHandle(id).terminate('kết thúc kiểm thử').catch(() => undefined);
    await stack?.close();
  });

  it('drafts Hanoi 2024 from an uploaded .docx as from its text, and the draft imports as it is', async () => {
    const fromText = await stack.http.post('/api/plans/drafts').set(auth(coordinator)).send({ text: hanoiText }).expect(201);
    const upload = await stack.http
      .post('/api/plans/drafts')
      .set(auth(coordinator))
      .attach('file', await docxOf(hanoiText), { filename: 'ke-hoach-2024.docx', contentType: DOCX })
      .expect(201);
    expect(upload.body.plan).toEqual(fromText.body.plan);
    expect(upload.body.document).toMatchObject({ kind: 'docx', fileName: 'ke-hoach-2024.docx' });
    expect(upload.body.plan.tasks).toHaveLength(32);
    const stc = upload.body.plan.tasks.findIndex((task: { leadAgency: string }) => task.leadAgency === 'STC');
    const source = upload.body.sources.find((s: { path: string }) => s.path === `tasks[${stc}]`);
    expect(upload.body.text.split('\n')[source.line - 1]).toContain('Sở Tài chính: Phối hợp với Liên minh HTX');
    expect(upload.body.warnings).toContainEqual(expect.objectContaining({ kind: 'no_due_date', path: 'tasks[0].due' }));

    const raw = await stack.http.post('/api/plans/drafts?code=HN-2024-NHAP').set(auth(coordinator)).set('Content-Type', DOCX).send(await docxOf(hanoiText)).expect(201);
    expect(raw.body.plan.code).toBe('HN-2024-NHAP');

    const imported = await stack.http.post('/api/plans').set(auth(coordinator)).send(raw.body.plan).expect(201);
    expect(imported.body).toMatchObject({ code: 'HN-2024-NHAP', taskCount: 32, indicatorCount: 14 });
    expect(imported.body.warnings).toContainEqual(expect.objectContaining({ message: expect.stringContaining('giả định') }));
    const plan = await stack.http.get(`/api/plans/${imported.body.id}`).set(auth(coordinator)).expect(200);
    expect(new Set(plan.body.tasks.map((task: { dueSource: string }) => task.dueSource))).toEqual(new Set(['assumed']));
  });

  it('reads the text layer of a PDF', async () => {
    const pdf = minimalPdf(['III. NHIEM VU VA GIAI PHAP', '1. Tai chinh', 'a) So Tai chinh: Ra soat tai san cua HTX giai the truoc ngay 15/3/2025.']);
    const response = await stack.http.post('/api/plans/drafts').set(auth(coordinator)).set('Content-Type', 'application/pdf').send(pdf).expect(201);
    expect(response.body.document.kind).toBe('pdf');
    expect(response.body.plan.tasks).toEqual([
      expect.objectContaining({ ref: 'III.1.a', leadAgency: 'STC', due: { date: '2025-03-15', rule: 'before' } }),
    ]);
  });

  it('refuses what is not a document, naming the field, and only a coordinator may draft', async () => {
    const post = () => stack.http.post('/api/plans/drafts').set(auth(coordinator));
    expect((await post().send({ text: '   ' }).expect(400)).body.details).toEqual([{ path: 'text', message: expect.any(String) }]);
    expect((await post().set('Content-Type', 'image/png').send(Buffer.from([1, 2, 3])).expect(400)).body.details[0].path).toBe('content-type');
    expect((await post().set('Content-Type', DOCX).send(Buffer.from('không phải docx')).expect(400)).body.details[0]).toMatchObject({
      path: 'body',
      message: expect.stringContaining('.docx'),
    });
    expect((await post().field('note', 'x').expect(400)).body.details[0].path).toBe('file');
    expect((await post().query({ code: 'sai mã' }).send({ text: 'a' }).expect(400)).body.details[0].path).toBe('code');
    const agency = await stack.tokenFor({ sub: 'stc.cv', role: 'agency', agency: 'STC' });
    await stack.http.post('/api/plans/drafts').set(auth(agency)).send({ text: hanoiText }).expect(403);
  });

  it('shows city-49-ctr-tu.yaml\'s "khoảng 2.000" as approximate, and an actual of 1,980 meets it', async () => {
    const file = fs.readFileSync(path.join(DATA, 'plans/city-49-ctr-tu.yaml'), 'utf8').replace(/^code: .+$/m, `code: TP-2023-CTR49-TU-${Date.now()}`);
    const imported = await stack.http.post('/api/plans').set(auth(coordinator)).set('Content-Type', 'application/yaml').send(file).expect(201);
    const planId = imported.body.id;
    const round = await stack.http
      .post(`/api/plans/${planId}/reporting-rounds`)
      .set(auth(coordinator))
      .send({ dueAt: new Date(Date.now() + 3_600_000).toISOString(), participants: ['TP49-UBND'] })
      .expect(201);
    roundWorkflowIds.push(round.body.workflowId);
    const ubnd = await stack.tokenFor({ sub: 'tp49.ubnd', role: 'agency', agency: 'TP49-UBND' });
    await stack.http
      .post(`/api/reporting-rounds/${round.body.id}/reports`)
      .set(auth(ubnd))
      .send({ content: 'Toàn thành phố có 1.980 tổ hợp tác', indicatorActuals: [{ indicator: 'THT-2030', value: 1980 }] })
      .expect(201);
    const indicators = await stack.http.get(`/api/plans/${planId}/indicators`).set(auth(coordinator)).expect(200);
    const list = Array.isArray(indicators.body) ? indicators.body : indicators.body.items;
    expect(list.find((i: { code: string }) => i.code === 'THT-2030')).toMatchObject({
      target: { kind: 'approx', value: 2000, tolerancePercent: 5 },
      targetText: 'khoảng 2.000 tổ hợp tác (±5%)',
      actual: 1980,
      met: true,
    });
  });

  it('drafts a document signed before a reorganisation: the ended department is read, and the import follows it', async () => {
    const admin = await stack.tokenFor({ sub: 'admin', role: 'admin' });
    const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
    await stack.http
      .post('/api/agencies/reorganizations')
      .set(auth(admin))
      .send({
        effectiveDate: today,
        title: 'Hợp nhất Sở Nông nghiệp và Sở Tài nguyên',
        changes: [
          { kind: 'create', code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường', agencyKind: 'department' },
          { kind: 'merge', from: ['STNMT', 'SNNPTNT'], into: 'SNNMT' },
        ],
      })
      .expect(201);
    const draft = await stack.http.post('/api/plans/drafts?code=HN-2024-SAU-SAP-XEP').set(auth(coordinator)).send({ text: hanoiText }).expect(201);
    const agriculture = draft.body.plan.tasks.find((task: { ref: string }) => task.ref === 'III.4.c');
    expect(agriculture.leadAgency).toBe('SNNPTNT');
    expect(draft.body.warnings.filter((w: { kind: string }) => w.kind === 'lead_assumed').map((w: { path: string }) => w.path)).not.toContain(
      `tasks[${draft.body.plan.tasks.indexOf(agriculture)}].leadAgency`,
    );
    const imported = await stack.http.post('/api/plans').set(auth(coordinator)).send(draft.body.plan).expect(201);
    expect(imported.body.warnings).toContainEqual(expect.objectContaining({ message: expect.stringContaining('SNNPTNT đã hợp nhất vào SNNMT') }));
    const plan = await stack.http.get(`/api/plans/${imported.body.id}`).set(auth(coordinator)).expect(200);
    expect(plan.body.tasks.find((task: { ref: string }) => task.ref === 'III.4.c').leadAgency).toBe('SNNMT');
  });
});

/** A one-page PDF with one line of Helvetica text per entry (ASCII), with a correct cross-reference table. */
function minimalPdf(lines: string[]): Buffer {
  const content = `BT /F1 10 Tf 20 200 Td 14 TL ${lines.map((line) => `(${line.replace(/[()\\]/g, '\\$&')}) Tj T*`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 242] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
