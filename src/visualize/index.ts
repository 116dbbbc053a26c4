/**
 * Public face of the visualizer: charts drawn from the evaluator's streaming profiles — Vega-Lite specs, SVG,
 * PNG at any scale (bundled fonts), alt text — and the self-contained HTML quality report.
 *
 *   const { charts, skipped } = await visualize(rows, { reference: realRows });
 *   const html = renderReportHtml({ evaluation, pii, charts, parameters, schemaFingerprint });
 *
 * See docs/visualize.md for the chart kinds, how each is derived from the profile, and the options.
 */
export { visualize, planCharts, renderChart } from './visualize.js';
export type { PlannedChart, ChartPlan } from './visualize.js';
export { CHART_KINDS } from './types.js';
export type { Chart, ChartImage, ChartKind, ChartSource, SkippedChart, VegaLiteSpec, VisualizeOptions, VisualizeResult } from './types.js';
export { OKABE_ITO, COLORS } from './theme.js';
export { renderPng } from './render.js';
export type { RenderedPng } from './render.js';
export { renderReportHtml, buildReportDocument, reportStatus, inlineSvg, REPORT_DOCUMENT_VERSION } from './report-html.js';
export type { ReportInput, ReportChart, ReportStatus } from './report-html.js';
