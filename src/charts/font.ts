/**
 * The page's own font stack (src/app.css), for every chart's text. ECharts' default, `sans-serif`,
 * is on many systems a Latin face: each run of Chinese text then went through the system's font
 * fallback, on screen and in every measurement of a label (a fifth of drawing the Requests view's
 * charts, bench/SCALE.md round 11), and an exported SVG named no face that has the characters.
 */
export const CHART_FONT = "system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
