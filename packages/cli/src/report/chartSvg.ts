import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG string in Node: Vega-Lite compiles it to Vega, and a headless Vega
 * view (`renderer: 'none'`) draws it with `toSVG()`. No browser, no network; data are inline values.
 * Both libraries ship as ES modules only, so they are imported when a report is drawn, which also keeps
 * them out of every other command's start-up.
 */
export const chartSvg = async (spec: TopLevelSpec): Promise<string> => {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
};
