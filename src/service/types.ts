/** Who is asking, and how the service records what they did. */
import type { JsonValue } from '../core/index.js';

export type { Role, Permission } from '../auth/index.js';
import type { Role } from '../auth/index.js';

/** The caller behind a request: an API key (REST, MCP over HTTP) or the local user (CLI, MCP over stdio). */
export interface Principal {
  /** The API key id, or `cli:<login>` for local use. */
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

/** Appends one audit event; awaited, so the trail is written before the work it describes goes on. */
export type AuditAppend = (event: {
  readonly type: string;
  readonly runId?: string | null;
  readonly principal: Principal | null;
  readonly payload: Readonly<Record<string, JsonValue>>;
}) => Promise<void>;
