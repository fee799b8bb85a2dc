/** Formatting and escaping used by charts, exports and views. */
export { escapeHtml } from './escape';
export {
  MISSING,
  formatDate,
  formatExact,
  formatNumber,
  formatRate,
  formatValue,
  formatValueExact,
  formatYuan,
  type Lang,
  type ValueFormat,
} from './number';
