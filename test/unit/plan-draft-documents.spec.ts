import { Document, Packer, Paragraph } from 'docx';
import { extractDocumentText, planDocumentKind } from '../../libs/documents/src';
import { draftPlan, HANOI_AGENCIES, HANOI_AGENCY_GROUPS } from '../../libs/domain/src';
import { seedText } from '../../scripts/eval-drafts.lib';

const hanoi = { agencies: HANOI_AGENCIES, groups: HANOI_AGENCY_GROUPS };

/** A Word document with one paragraph per line of `text`, as the office's word processor would save it. */
export async function docxOf(text: string): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }] });
  return Packer.toBuffer(doc);
}

describe('reading plan documents', () => {
  it('drafts the same plan from a .docx of the Hanoi 2024 seed as from its text', async () => {
    const text = seedText('seeds/004_6c5e1a8e938aed3d.txt');
    const bytes = await docxOf(text);
    expect(planDocumentKind(undefined, 'ke-hoach.docx')).toBe('docx');
    expect(planDocumentKind('application/octet-stream', undefined, bytes.subarray(0, 4))).toBe('docx');
    const fromDocx = draftPlan(await extractDocumentText(bytes, 'docx'), hanoi);
    const fromText = draftPlan(text, hanoi);
    expect(fromDocx.plan).toEqual(fromText.plan);
    expect(fromDocx.plan.tasks).toHaveLength(32);
    expect(fromDocx.warnings.map((w) => w.message)).toEqual(fromText.warnings.map((w) => w.message));
  });

  it('refuses bytes that are not what they claim, with a Vietnamese reason', async () => {
    await expect(extractDocumentText(new Uint8Array([1, 2, 3]), 'docx')).rejects.toThrow(/không đọc được tệp .docx/);
    await expect(extractDocumentText(new Uint8Array([0xff, 0xfe, 0xfd]), 'text')).rejects.toThrow(/UTF-8/);
    expect(planDocumentKind('image/png', 'anh.png')).toBeUndefined();
  });
});
