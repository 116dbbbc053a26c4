/**
 * A separate process that appends audit events, so the concurrency test can race real writers the way a
 * server and a CLI (or several servers) do. argv: JSON StoreOptions, the number of events, a label.
 */
import { appendAudit } from '../../src/audit/index.js';
import { openStore, type StoreOptions } from '../../src/store/index.js';

const [optionsJson, countText, label] = process.argv.slice(2);
const store = await openStore({ ...(JSON.parse(optionsJson as string) as StoreOptions), migrate: false });
try {
  await Promise.all(
    Array.from({ length: Number(countText) }, (_, i) =>
      appendAudit(store, { type: 'VizCompleted', runId: `${label}_${i}`, user: label ?? null, payload: { chartTypes: ['histogram'] } }),
    ),
  );
} finally {
  await store.close();
}
