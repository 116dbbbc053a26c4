/** Content blocks as the tools build them: summaries, JSON, PNG images and resource links. */
import type { CallToolResult, ContentBlock, ImageContent, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import type { JsonObject } from '../core/index.js';
import type { ToolOutput } from './tools/types.js';

export function toCallToolResult(output: ToolOutput): CallToolResult {
  const content: ContentBlock[] = [{ type: 'text', text: output.summary }, ...(output.blocks ?? [])];
  // The spec asks tools with structured content to send it as JSON text too, for clients that show only content.
  content.push({ type: 'text', text: JSON.stringify(output.structured) });
  return { content, structuredContent: output.structured };
}

export function resourceLink(uri: string, name: string, mimeType: string, description: string, size?: number): ResourceLink {
  return { type: 'resource_link', uri, name, mimeType, description, ...(size === undefined ? {} : { size }) };
}

export function pngImage(bytes: Uint8Array): ImageContent {
  return { type: 'image', data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), mimeType: 'image/png' };
}

/** A value made JSON-safe (undefined dropped, dates as strings) for structuredContent. */
export function plain<T>(value: T): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
