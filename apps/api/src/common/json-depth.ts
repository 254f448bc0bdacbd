import { MAX_INPUT_DEPTH } from '@giaoviec/domain';

/**
 * Whether raw JSON nests deeper than `maxDepth`, in one pass over the bytes, before it is parsed: a
 * body of 45,000 `[` must cost a scan, not a parse, a deep object graph and a stack overflow.
 * UTF-8 continuation bytes are ≥ 0x80, so they never look like quotes or brackets.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, maxDepth = MAX_INPUT_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === 0x5c /* \ */) index++;
      else if (byte === 0x22 /* " */) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b /* [ */ || byte === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (byte === 0x5d /* ] */ || byte === 0x7d /* } */) depth--;
  }
  return false;
}
