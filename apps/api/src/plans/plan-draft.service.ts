import { Injectable } from '@nestjs/common';
import { DomainError, draftPlan, MAX_DRAFT_TEXT_LENGTH, type AgencyKind, type PlanDraft } from '@giaoviec/domain';
import { DocumentReadError, extractDocumentText, MAX_DOCUMENT_BYTES, planDocumentKind, type PlanDocumentKind } from '@giaoviec/documents';
import type { Readable } from 'node:stream';
import { AgenciesService, type AgencyView } from '../agencies/agencies.service';

/** The document as it arrived: an uploaded file (multipart field `file`), a raw body, or `{text}` as JSON. */
export interface PlanDocumentInput {
  contentType: string | undefined;
  file?: { buffer: Buffer; mimetype: string; originalname: string; size: number };
  body: unknown;
  /** The request stream, read here when no parser consumed it (a raw .docx, PDF or text body). */
  stream: Readable & { readableEnded?: boolean };
}

export interface PlanDraftView extends PlanDraft {
  document: { kind: PlanDocumentKind; fileName: string | null; bytes: number; characters: number };
  /** The document's text as drafted from: `sources[].line` counts its lines. */
  text: string;
}

/** `POST /api/plans/drafts`: a document in, a draft plan file with the passage, confidence and warnings of each item out. */
@Injectable()
export class PlanDraftService {
  constructor(private readonly agencies: AgenciesService) {}

  async draft(input: PlanDocumentInput, options: { year?: number; code?: string }): Promise<PlanDraftView> {
    const { bytes, kind, fileName, field } = await this.document(input);
    let text: string;
    try {
      text = await extractDocumentText(bytes, kind);
    } catch (error) {
      if (error instanceof DocumentReadError) throw invalid(field, error.message);
      throw error;
    }
    if (text.trim().length === 0) {
      throw invalid(field, kind === 'pdf' ? 'tệp PDF không có lớp văn bản (bản quét?): không có chữ để dự thảo' : 'văn bản trống');
    }
    if (text.length > MAX_DRAFT_TEXT_LENGTH) throw invalid(field, `văn bản quá dài (hơn ${MAX_DRAFT_TEXT_LENGTH.toLocaleString('vi-VN')} ký tự)`);
    const [agencies, former, groups] = await Promise.all([this.agencies.list(), this.agencies.former(), this.agencies.groups()]);
    const definition = (agency: AgencyView) => ({ code: agency.code, name: agency.name, kind: agency.kind as AgencyKind, parentCode: agency.parentCode ?? undefined });
    const directory = {
      agencies: agencies.filter((agency) => agency.validTo === null).map(definition),
      groups,
      former: former.map(definition),
    };
    const draft = draftPlan(text, directory, options);
    return { ...draft, document: { kind, fileName, bytes: bytes.length, characters: text.length }, text };
  }

  private async document(input: PlanDocumentInput): Promise<{ bytes: Uint8Array; kind: PlanDocumentKind; fileName: string | null; field: string }> {
    const type = (input.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'multipart/form-data') {
      if (!input.file) throw invalid('file', 'thiếu tệp văn bản: gửi trường "file" (.docx, .pdf hoặc .txt)');
      const kind = planDocumentKind(input.file.mimetype, input.file.originalname, input.file.buffer.subarray(0, 4));
      if (!kind) throw invalid('file', `không hỗ trợ tệp "${input.file.originalname}" (${input.file.mimetype}): dùng .docx, .pdf hoặc .txt`);
      return { bytes: input.file.buffer, kind, fileName: input.file.originalname, field: 'file' };
    }
    if (type === 'application/json') {
      const text = (input.body as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string' || text.trim().length === 0) throw invalid('text', 'gửi văn bản trong trường "text" (chuỗi không rỗng)');
      return { bytes: new TextEncoder().encode(text), kind: 'text', fileName: null, field: 'text' };
    }
    const kind = planDocumentKind(type);
    if (!kind) {
      throw invalid(
        'content-type',
        `Content-Type "${type}" không được hỗ trợ: gửi multipart/form-data (trường "file"), application/json ({"text"}), text/plain, application/pdf hoặc tệp .docx`,
      );
    }
    const bytes = await readLimited(input.stream, MAX_DOCUMENT_BYTES);
    if (bytes === null) throw invalid('body', `tệp quá lớn (tối đa ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB)`);
    if (bytes.length === 0) throw invalid('body', 'thân yêu cầu trống: gửi nội dung văn bản');
    return { bytes, kind, fileName: null, field: 'body' };
  }
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `Không dự thảo được kế hoạch: ${message}.`, [{ path, message }]);
}

/** The whole stream, or null as soon as it passes `limit` bytes. */
async function readLimited(stream: Readable, limit: number): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) {
      stream.resume();
      return null;
    }
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
