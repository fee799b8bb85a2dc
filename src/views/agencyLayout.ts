/**
 * The official table layouts of a report (表二/表三/表四 as printed in v2019 or v2021) as plain data:
 * header rows and body rows whose cells name canonical keys. The Agency view fills them from the corpus.
 */
import {
  REQUEST_COLUMNS,
  REVIEW_GROUPS,
  REVIEW_OUTCOMES,
  TEMPLATES,
  type ActiveSubTable,
  type Label,
  type TemplateVersion,
} from '../model/template';

export interface HeadCell {
  readonly label: Label;
  readonly colSpan?: number;
  readonly rowSpan?: number;
}

export interface BodyRow {
  /** A section heading row spans the table (e.g. （三）不予公开). */
  readonly heading?: Label;
  readonly label?: Label;
  readonly keys: readonly string[];
}

export interface TableLayout {
  readonly id: string;
  readonly caption?: Label;
  readonly head: readonly (readonly HeadCell[])[];
  readonly rows: readonly BodyRow[];
}

/** Which layout each table of a report uses; `mixed` prints table 二 as v2021 and table 三 as v2019 (corpus README). */
export function layoutVersions(template: string): { active: TemplateVersion; requests: TemplateVersion } | null {
  switch (template) {
    case 'v2019': return { active: 'v2019', requests: 'v2019' };
    case 'v2021': return { active: 'v2021', requests: 'v2021' };
    case 'mixed': return { active: 'v2021', requests: 'v2019' };
    default: return null;
  }
}

function activeSubTable(sub: ActiveSubTable): TableLayout {
  return {
    id: `active-${sub.id}`,
    caption: { zh: sub.zh, en: sub.en },
    head: [[{ label: { zh: '信息内容', en: 'Item' } }, ...sub.columns.map((c) => ({ label: { zh: c.zh, en: c.en } }))]],
    rows: sub.rows.map((r) => ({ label: { zh: r.zh, en: r.en }, keys: sub.columns.map((c) => `active.${sub.id}.${r.key}.${c.key}`) })),
  };
}

export function activeLayout(version: TemplateVersion): TableLayout[] {
  return TEMPLATES[version].active.map(activeSubTable);
}

const HEADINGS: Readonly<Record<string, Label>> = {
  'results.granted': { zh: '三、本年度办理结果', en: 'III. Results this year' },
  'results.denied.state_secret': { zh: '（三）不予公开', en: '(3) Denied' },
  'results.unable.not_held': { zh: '（四）无法提供', en: '(4) Unable to provide' },
  'results.not_processed.petition_complaint': { zh: '（五）不予处理', en: '(5) Not processed' },
  'results.other.no_correction': { zh: '（六）其他处理', en: '(6) Other handling' },
};

export function requestsLayout(version: TemplateVersion): TableLayout {
  const orgs = REQUEST_COLUMNS.filter((c) => c.key.startsWith('org_'));
  const rows: BodyRow[] = [];
  for (const r of TEMPLATES[version].requestRows) {
    const heading = HEADINGS[r.key];
    if (heading) rows.push({ heading, keys: [] });
    rows.push({ label: { zh: r.zh, en: r.en }, keys: REQUEST_COLUMNS.map((c) => `requests.${r.key}.${c.key}`) });
  }
  const natural = REQUEST_COLUMNS.find((c) => c.key === 'natural_person');
  const total = REQUEST_COLUMNS.find((c) => c.key === 'total');
  return {
    id: 'requests',
    head: [
      [
        { label: { zh: '本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和', en: 'Rows: first + second = third + fourth' }, rowSpan: 3 },
        { label: { zh: '申请人情况', en: 'Applicants' }, colSpan: REQUEST_COLUMNS.length },
      ],
      [
        { label: natural ?? { zh: '自然人', en: 'Natural persons' }, rowSpan: 2 },
        { label: { zh: '法人或其他组织', en: 'Legal persons or other organisations' }, colSpan: orgs.length },
        { label: total ?? { zh: '总计', en: 'Total' }, rowSpan: 2 },
      ],
      orgs.map((c) => ({ label: { zh: c.zh, en: c.en } })),
    ],
    rows,
  };
}

export function reviewLayout(): TableLayout {
  const [review, ...lit] = REVIEW_GROUPS;
  const n = REVIEW_OUTCOMES.length;
  return {
    id: 'review',
    head: [
      [
        { label: review ?? { zh: '行政复议', en: 'Administrative review' }, colSpan: n, rowSpan: 2 },
        { label: { zh: '行政诉讼', en: 'Administrative litigation' }, colSpan: n * lit.length },
      ],
      lit.map((g) => ({ label: { zh: g.zh.replace('行政诉讼：', ''), en: g.en }, colSpan: n })),
      REVIEW_GROUPS.flatMap(() => REVIEW_OUTCOMES.map((o) => ({ label: { zh: o.zh, en: o.en } }))),
    ],
    rows: [{ keys: REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => `review_litigation.${g.key}.${o.key}`)) }],
  };
}
