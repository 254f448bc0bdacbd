import { Client, Connection } from '@temporalio/client';

export async function connectTemporalClient(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}

/** True when the Temporal frontend answers. */
export async function isTemporalReachable(client: Client): Promise<boolean> {
  try {
    await client.workflowService.getSystemInfo({}, );
    return true;
  } catch {
    return false;
  }
}
