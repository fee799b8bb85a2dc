/**
 * Shared shapes for chart option builders. Every builder is `buildOption(rows, spec)`: rows come
 * straight from a query (one object per result row), the spec says which fields to draw and how.
 */
import type { Lang, ValueFormat } from '../format/number';

/** A query result row. Numbers may be null (blank, `/`, absent, zero-denominator rate). */
export type ChartRow = Readonly<Record<string, string | number | bigint | boolean | null | undefined>>;

/** What every chart carries whatever its type. */
export interface ChartSpecBase {
  /** Chart title (metric and view). */
  readonly title: string;
  /** Filter summary, e.g. "2021–2024 · 江苏省 · 政府". */
  readonly subtitle?: string;
  /** Source footnote drawn at the bottom, e.g. "来源：政府信息公开工作年度报告（144份）". */
  readonly footnote: string;
  readonly lang: Lang;
  /** How values are shown (axis ticks compact, tooltips exact). */
  readonly format: ValueFormat;
  /** Display names for series and fields (field or series value → label). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Value axis name (usually the unit), e.g. "件" or "万元". */
  readonly valueName?: string;
}

/** A time span where the metric does not exist (e.g. a template version lacks it): drawn as a shaded, labelled band. */
export interface UnavailableSpan {
  readonly from: number | string;
  readonly to: number | string;
  readonly label: string;
}
