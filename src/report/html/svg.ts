/**
 * Renders a chart spec to an accessible SVG string at build time: Vega-Lite compiles the spec,
 * Vega renders it headless (`renderer: 'none'`, `view.toSVG()`, no canvas). vega and
 * vega-lite are imported on first use, so only `desist report` pays their start-up cost.
 *
 * The root <svg> gets role="img", a <title> and a <desc> (the chart's text alternative), and
 * the figure's data attributes; the marks keep Vega's aria-labels (the test reads them).
 */
import { CHART_CONFIG, type ChartSpec } from './charts.js';

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
let modules: Promise<[VegaModule, VegaLiteModule]> | undefined;

function loadVega(): Promise<[VegaModule, VegaLiteModule]> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]);
  return modules;
}

/** Vega-Lite's compile-time notes would go to the console; the report says what it omits itself. */
const SILENT = { level: () => SILENT, error: () => SILENT, warn: () => SILENT, info: () => SILENT, debug: () => SILENT };

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart as an SVG element string with its title and description. */
export async function renderSvg(chart: ChartSpec): Promise<string> {
  const [vega, vl] = await loadVega();
  const compiled = vl.compile({ ...chart.vl, config: CHART_CONFIG } as never, { logger: SILENT as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  return accessible(svg, chart);
}

/** Give the root <svg> role="img", a <title> and a <desc> (CSS scales it down to fit). */
export function accessible(svg: string, chart: ChartSpec): string {
  const open = /^<svg\b([^>]*)>/.exec(svg);
  if (!open) throw new Error('vega produced no <svg> root');
  const attrs = open[1];
  const head =
    `<svg${attrs} role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" focusable="false" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${chart.id}-title">${escapeXml(chart.title)}</title><desc id="${chart.id}-desc">${escapeXml(chart.desc)}</desc>`;
  return head + svg.slice(open[0].length);
}
