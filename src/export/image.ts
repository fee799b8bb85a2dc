/**
 * Chart images. The title, filter subtitle and source footnote are part of every option, so the
 * exported picture carries them. PNG comes from the live instance (2× for print); SVG is rendered
 * server-side style from the same option, so it works whatever renderer the live chart uses.
 */
import type { EChartsOption } from 'echarts';
import { CHART_THEME, echarts, type EChartsType } from '../charts/echarts';

export type ImageType = 'png' | 'svg';

const BACKGROUND = '#ffffff';

/** An option rendered to an SVG document string (white background, no animation). */
export function optionToSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, CHART_THEME, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: BACKGROUND });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A `data:` URL for an SVG document. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Decodes a `data:` URL into bytes (base64 or percent-encoded). */
export function dataUrlToBytes(url: string): Uint8Array {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new Error('not a data: URL');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  if (head.endsWith(';base64')) {
    const bin = atob(body);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  return new TextEncoder().encode(decodeURIComponent(body));
}

/** The image of a live chart as a `data:` URL. */
export function chartImage(instance: EChartsType, type: ImageType): string {
  if (type === 'svg') {
    const option = instance.getOption() as EChartsOption;
    return svgDataUrl(optionToSvg(option, instance.getWidth(), instance.getHeight()));
  }
  return instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: BACKGROUND, excludeComponents: ['toolbox'] });
}
