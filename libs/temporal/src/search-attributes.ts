import type { OperatorService } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { GIAOVIEC_SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_CLI_TYPES } from '../../contracts/src/search-attributes';

/** gRPC status of a concurrent registration by another replica. */
const GRPC_ALREADY_EXISTS = 6;

/**
 * Registers the search attributes giaoviec's workflows upsert (libs/contracts) that the namespace lacks, through
 * the operator service. Where the server does not allow it, stops with the commands an operator must run.
 * Returns the names it added.
 */
export async function ensureSearchAttributes(connection: { operatorService: OperatorService }, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = GIAOVIEC_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
    });
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code !== GRPC_ALREADY_EXISTS) {
      const commands = missing
        .map((key) => `  temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type ${SEARCH_ATTRIBUTE_CLI_TYPES[key.type]}`)
        .join('\n');
      throw new Error(
        `Temporal did not let giaoviec register its search attributes (${(error as Error).message}). Ask an operator to run:\n${commands}`,
      );
    }
  }
  return missing.map((key) => key.name);
}
