/**
 * Template version from the labels found, not from the year (spec §5).
 * Works on normalised labels (normalize.ts `normalizeLabel`).
 */
import type { DetectedTemplate, TableId, TemplateVersion } from '../model/template';

/** Column headers of table 二 that exist only in one version. `处理决定数量` alone is v2019; with 本年 it is v2021. */
const ACTIVE_V2021_RE = /制发件数|废止件数|现行有效件数|收费金额|本年处理决定数量/;
const ACTIVE_V2019_RE = /新制作数量|新公开数量|对外公开总数量|上一年项目数量|本年增\/|采购总金额|采购项目数量|其他对外管理服务事项|^本年新$|^处理决定数量$/;
const REQUEST_V2021_RE = /逾期不补正|收费通知|缴纳费用|逾期不缴费|逾期未按/;

/** Version signal carried by one normalised label of table 二, or null. */
export function activeSignal(label: string): TemplateVersion | null {
  if (label.length > 60) return null;
  if (ACTIVE_V2021_RE.test(label)) return 'v2021';
  if (ACTIVE_V2019_RE.test(label)) return 'v2019';
  return null;
}

/** Version signal of a table 三 row label (the three v2021 sub-rows of （六）), or null. */
export function requestSignal(label: string): TemplateVersion | null {
  return label.length <= 60 && REQUEST_V2021_RE.test(label) ? 'v2021' : null;
}

/**
 * Old (pre-2019) structure (spec §10 V9): 概述, 咨询情况, 基本概况, a 统计表, 政府支出和收费.
 * Phrases such as 依申请公开政府信息情况 are not used: v2021 overviews use them as sub-heads.
 */
const PRE2019_RE = /概述|咨询情况|基本概况|统计表|政府支出和收费/;

export interface VersionVotes {
  readonly active: { v2019: number; v2021: number };
  readonly requests: { v2019: number; v2021: number };
}

function pick(v: { v2019: number; v2021: number }): TemplateVersion | null {
  if (v.v2019 === 0 && v.v2021 === 0) return null;
  return v.v2021 >= v.v2019 ? 'v2021' : 'v2019';
}

/** Per-table versions from the votes; a table without a signal takes the other table's version. */
export function tableVersions(votes: VersionVotes): Partial<Record<TableId, TemplateVersion>> {
  const out: Partial<Record<TableId, TemplateVersion>> = {};
  const a = pick(votes.active);
  const r = pick(votes.requests);
  if (a !== null) out.active = a;
  if (r !== null) out.requests = r;
  return out;
}

/**
 * Whole-document template: `mixed` when tables disagree; `text_only`/`pre2019` when no table
 * label was found (pre2019 when the year is ≤ 2018 or the old section names appear).
 */
export function detectTemplate(
  tableTemplates: Partial<Record<TableId, TemplateVersion>>,
  hasTables: boolean,
  year: number | null,
  text: string,
): DetectedTemplate {
  const versions = new Set(Object.values(tableTemplates));
  if (versions.size > 1) return 'mixed';
  const [only] = [...versions];
  if (only !== undefined && hasTables) return only;
  if (year !== null && year <= 2018) return 'pre2019';
  // From 2021 the old structure is not a template of its own: an untabled report is text only.
  if ((year === null || year <= 2020) && PRE2019_RE.test(text)) return 'pre2019';
  return 'text_only';
}

/** Version the template prescribes for a reporting year (v2019 for 2019–2020, v2021 from 2021). */
export function versionForYear(year: number | null): TemplateVersion | null {
  if (year === null) return null;
  if (year >= 2021) return 'v2021';
  if (year >= 2019) return 'v2019';
  return null;
}
