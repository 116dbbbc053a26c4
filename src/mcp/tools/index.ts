/** Every tool the MCP server offers, in the order clients list them. Adding one is a file and a line here. */
import { evaluateDataset } from './evaluate-dataset.js';
import { generateDataset } from './generate-dataset.js';
import { getRun } from './get-run.js';
import { inferSchema } from './infer-schema.js';
import { lintSchemaTool } from './lint-schema.js';
import { listRuns } from './list-runs.js';
import { listSchemaTemplates } from './list-schema-templates.js';
import { runPipeline } from './run-pipeline.js';
import { scanPiiTool } from './scan-pii.js';
import type { AnyTool } from './types.js';
import { visualizeDataset } from './visualize-dataset.js';

export const TOOLS: readonly AnyTool[] = [
  generateDataset,
  runPipeline,
  evaluateDataset,
  visualizeDataset,
  scanPiiTool,
  inferSchema,
  lintSchemaTool,
  listRuns,
  getRun,
  listSchemaTemplates,
] as readonly AnyTool[];

export type { McpTool, ToolContext, ToolOutput, McpLimits, AnyTool } from './types.js';
