/**
 * The HTML report in a webview. The report is one self-contained page (inline SVG charts and styles, no
 * scripts), so the webview runs without scripts and a Content-Security-Policy that allows nothing else.
 */
import * as vscode from 'vscode';

export const REPORT_VIEW_TYPE = 'synthdatagen.report';

export function withContentSecurityPolicy(html: string, cspSource: string): string {
  const policy = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: ${cspSource}; style-src 'unsafe-inline'; font-src data:">`;
  const head = /<head[^>]*>/i.exec(html);
  if (head) return `${html.slice(0, head.index + head[0].length)}\n${policy}${html.slice(head.index + head[0].length)}`;
  return `<!DOCTYPE html><html><head>${policy}</head><body>${html}</body></html>`;
}

export function showReportPanel(title: string, html: string): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(
    REPORT_VIEW_TYPE,
    title,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    {
      enableScripts: false,
      enableFindWidget: true,
      localResourceRoots: [],
    },
  );
  panel.webview.html = withContentSecurityPolicy(html, panel.webview.cspSource);
  return panel;
}
