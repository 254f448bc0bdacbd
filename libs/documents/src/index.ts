import { Worker } from 'node:worker_threads';
import mammoth from 'mammoth';

/** The kinds of document a plan is drafted from. */
export type PlanDocumentKind = 'docx' | 'pdf' | 'text';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MEDIA_TYPE = 'application/pdf';

/** Uploads above this are refused before they are read (a plan is a few hundred kB at most). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The kind of a document from its media type, else its file name, else its first bytes; undefined: not supported. */
export function planDocumentKind(mediaType: string | undefined, fileName?: string, head?: Uint8Array): PlanDocumentKind | undefined {
  const type = (mediaType ?? '').split(';')[0].trim().toLowerCase();
  if (type === DOCX_MEDIA_TYPE) return 'docx';
  if (type === PDF_MEDIA_TYPE) return 'pdf';
  if (type === 'text/plain') return 'text';
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (ext === 'docx') return 'docx';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'txt') return 'text';
  if (head && head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return 'pdf'; // %PDF
  if (head && head[0] === 0x50 && head[1] === 0x4b) return 'docx'; // a zip: Office Open XML
  return undefined;
}

/** Why a document could not be read (the caller answers 400 naming the field). */
export class DocumentReadError extends Error {}

/**
 * The text of a document: paragraphs of a .docx (mammoth; tables come out as one cell per paragraph), the text
 * layer of a PDF (pdf.js through unpdf; a scanned PDF without one gives no text), UTF-8 text as it is.
 */
export async function extractDocumentText(bytes: Uint8Array, kind: PlanDocumentKind): Promise<string> {
  try {
    switch (kind) {
      case 'text':
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
      case 'docx': {
        const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
        return result.value;
      }
      case 'pdf':
        return await pdfText(bytes);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DocumentReadError(
      kind === 'text' ? 'văn bản không phải UTF-8' : `không đọc được tệp ${kind === 'docx' ? '.docx' : 'PDF'} (${reason.split('\n')[0].slice(0, 200)})`,
    );
  }
}

/** A PDF may take pdf.js a while: it parses in a worker thread (the API keeps serving), stopped after this long. */
const PDF_TIME_LIMIT_MS = 30_000;

const PDF_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { extractText, getDocumentProxy } = require(workerData.unpdf);
  const pdf = await getDocumentProxy(workerData.bytes);
  const { text } = await extractText(pdf, { mergePages: false });
  parentPort.postMessage({ text: (Array.isArray(text) ? text : [text]).join('\\n\\n') });
})().catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

/** The text layer of a PDF, page after page (pdf.js through unpdf, in a worker thread with a time limit). */
function pdfText(bytes: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PDF_WORKER_SOURCE, { eval: true, workerData: { unpdf: require.resolve('unpdf'), bytes: new Uint8Array(bytes) } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`quá ${PDF_TIME_LIMIT_MS / 1000} giây`));
    }, PDF_TIME_LIMIT_MS);
    worker.once('message', (message: { text?: string; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
