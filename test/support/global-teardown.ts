const globalStops = globalThis as unknown as { __giaoviecTestStops?: (() => Promise<void>)[] };

export default async function globalTeardown(): Promise<void> {
  for (const stop of (globalStops.__giaoviecTestStops ?? []).reverse()) await stop();
}
