/**
 * The synthetic agency universe: governments at four levels, their departments and the townships,
 * in the proportions of the national total (about 140,000 reporting agencies, see docs/synthetic.md),
 * placed in the region hierarchy and sorted by region code so that reports come out in file order.
 */
import { agencyId, type AgencyType } from '../corpus/agency';
import { Rng } from './random';
import { nationalRegions, sampleHierarchy, sizedHierarchy, type SynProvince } from './regions';

export type Level = 'province' | 'city' | 'county' | 'township';

/** How an agency prints cells that are zero: as 0 (most), or a few as blank or `/`. */
export type ZeroStyle = 'zero' | 'some_blank' | 'some_na';

export interface SyntheticAgency {
  /** Position in region order; part of every report id. */
  readonly seq: number;
  readonly agencyId: string;
  readonly name: string;
  readonly level: Level;
  readonly type: AgencyType;
  readonly province: string;
  readonly city: string | null;
  readonly district: string | null;
  readonly regionCode: string;
  /** Median of new requests per year (the agency's scale; drawn heavy-tailed by level). */
  readonly requestMedian: number;
  /** An agency (most townships, some departments) that hardly ever receives a request: its reports are mostly all zero. */
  readonly quiet: boolean;
  readonly zeroStyle: ZeroStyle;
  /**
   * The format the agency publishes in. Plain text cannot show a blank cell (an empty piece of a
   * text row is padding to the parser, as in real text extractions), so only HTML agencies leave cells blank.
   */
  readonly format: 'txt' | 'html';
  /** Powers that put figures in table 二. */
  readonly licensing: boolean;
  readonly penalties: boolean;
  readonly procurement: boolean;
  readonly fees: boolean;
  /** How the v2019 procurement amount is printed. */
  readonly moneyUnit: '万元' | '亿元' | '元';
}

/** Agencies per category at national scale (31 provinces, 333 cities, 2,846 counties, 38,700 townships). */
export const NATIONAL_COUNTS = {
  provinceGov: 31,
  provinceDept: 31 * 40,
  cityGov: 333,
  cityDept: 333 * 35,
  countyGov: 2846,
  countyDept: 2846 * 30,
  township: 38_700,
} as const;

const NATIONAL_TOTAL = Object.values(NATIONAL_COUNTS).reduce((s, n) => s + n, 0);

const DEPARTMENTS: readonly (readonly [province: string, local: string])[] = [
  ['人民政府办公厅', '人民政府办公室'],
  ['发展和改革委员会', '发展和改革局'],
  ['教育厅', '教育局'],
  ['科学技术厅', '科学技术局'],
  ['工业和信息化厅', '工业和信息化局'],
  ['公安厅', '公安局'],
  ['民政厅', '民政局'],
  ['司法厅', '司法局'],
  ['财政厅', '财政局'],
  ['人力资源和社会保障厅', '人力资源和社会保障局'],
  ['自然资源厅', '自然资源和规划局'],
  ['生态环境厅', '生态环境局'],
  ['住房和城乡建设厅', '住房和城乡建设局'],
  ['交通运输厅', '交通运输局'],
  ['水利厅', '水务局'],
  ['农业农村厅', '农业农村局'],
  ['商务厅', '商务局'],
  ['文化和旅游厅', '文化广电和旅游局'],
  ['卫生健康委员会', '卫生健康委员会'],
  ['退役军人事务厅', '退役军人事务局'],
  ['应急管理厅', '应急管理局'],
  ['审计厅', '审计局'],
  ['市场监督管理局', '市场监督管理局'],
  ['统计局', '统计局'],
  ['医疗保障局', '医疗保障局'],
  ['林业局', '林业局'],
  ['体育局', '体育局'],
  ['信访局', '信访局'],
  ['民族宗教事务委员会', '民族宗教事务局'],
  ['粮食和物资储备局', '粮食和物资储备局'],
  ['乡村振兴局', '乡村振兴局'],
  ['地方金融监督管理局', '地方金融监督管理局'],
  ['大数据管理局', '数据资源管理局'],
  ['机关事务管理局', '机关事务服务中心'],
  ['人民防空办公室', '人民防空办公室'],
  ['城市管理局', '城市管理局'],
  ['行政审批局', '行政审批局'],
  ['国有资产监督管理委员会', '国有资产监督管理局'],
  ['外事办公室', '外事办公室'],
  ['档案局', '档案馆'],
];

/** Departments with licensing or penalty powers (by index in DEPARTMENTS): used for table 二. */
const ENFORCING = new Set([1, 2, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 25, 35, 36]);

const TOWN_STEMS: readonly string[] = [
  '城关', '新华', '东城', '西城', '南关', '北关', '和平', '永安', '长青', '兴隆', '太平', '仁和', '石桥', '清河', '白沙', '河口',
  '龙泉', '桃源', '柳林', '杨庄', '马集', '高桥', '双河', '三里', '五里', '新民', '红星', '光明', '团结', '胜利', '前进', '东风',
];
const TOWN_KINDS: readonly (readonly [string, string])[] = [
  ['镇', '镇人民政府'],
  ['街道', '街道办事处'],
  ['乡', '乡人民政府'],
];

/** The label every synthetic agency name ends with. */
export const SYNTHETIC_MARK = '（合成）';

/** Category counts for N agencies, in national proportions (each government level at least one). */
export function agencyCounts(n: number): Record<keyof typeof NATIONAL_COUNTS, number> {
  const f = n / NATIONAL_TOTAL;
  const provinceGov = Math.max(1, Math.min(31, Math.round(31 * f)));
  const cityGov = Math.max(1, Math.round(333 * f));
  const countyGov = Math.max(1, Math.round(2846 * f));
  const govs = provinceGov + cityGov + countyGov;
  const rest = Math.max(0, n - govs);
  const restTotal = NATIONAL_COUNTS.provinceDept + NATIONAL_COUNTS.cityDept + NATIONAL_COUNTS.countyDept + NATIONAL_COUNTS.township;
  const township = Math.round((rest * NATIONAL_COUNTS.township) / restTotal);
  const provinceDept = Math.round((rest * NATIONAL_COUNTS.provinceDept) / restTotal);
  const cityDept = Math.round((rest * NATIONAL_COUNTS.cityDept) / restTotal);
  const countyDept = Math.max(0, rest - township - provinceDept - cityDept);
  // With fewer agencies than governments the last levels give way.
  if (n < govs) return { provinceGov: Math.min(provinceGov, n), provinceDept: 0, cityGov: Math.min(cityGov, Math.max(0, n - provinceGov)), cityDept: 0, countyGov: Math.max(0, n - provinceGov - cityGov), countyDept: 0, township: 0 };
  return { provinceGov, provinceDept, cityGov, cityDept, countyGov, countyDept, township };
}

interface Place {
  readonly province: SynProvince;
  readonly city: { code: string; name: string } | null;
  readonly county: { code: string; name: string } | null;
}

interface Draft {
  readonly level: Level;
  readonly type: AgencyType;
  readonly place: Place;
  readonly name: string;
  readonly regionCode: string;
  readonly dept: number | null;
  /** Sort key inside one region code: governments first, then departments, then townships. */
  readonly order: number;
}

/** Median new requests per year by level and type (lognormal scale; see docs/synthetic.md). */
const REQUEST_MEDIAN: Readonly<Record<Level, Readonly<Record<'government' | 'department' | 'township', number>>>> = {
  province: { government: 900, department: 30, township: 0 },
  city: { government: 260, department: 6, township: 0 },
  county: { government: 60, department: 1, township: 0 },
  township: { government: 0, department: 0, township: 0.6 },
};

function withParams(d: Draft, seq: number, seed: string): SyntheticAgency {
  const r = Rng.for(seed, 'agency', seq);
  const t = d.type === 'government' || d.type === 'department' || d.type === 'township' ? d.type : 'department';
  const median = REQUEST_MEDIAN[d.level][t] * r.lognormal(1, d.level === 'township' ? 0.8 : 1.1);
  // Most townships and many small departments hardly ever receive a request.
  const quietShare = d.level === 'township' ? 0.7 : d.type === 'department' ? ({ province: 0, city: 0.15, county: 0.35, township: 0 } as const)[d.level] : 0;
  const quiet = r.chance(quietShare);
  const format = r.chance(0.2) ? 'html' : 'txt';
  const z = r.next();
  const zeroStyle: ZeroStyle = z < 0.88 ? 'zero' : z < 0.95 ? (format === 'html' ? 'some_blank' : 'some_na') : 'some_na';
  const enforcing = d.type === 'government' || (d.dept !== null && ENFORCING.has(d.dept));
  const mu = r.weighted([70, 15, 15]);
  const province = d.place.province.name;
  const city = d.place.city?.name ?? null;
  const district = d.place.county?.name ?? null;
  return {
    seq,
    agencyId: agencyId({ province, city, district, name: d.name, reportId: '' }),
    name: d.name,
    level: d.level,
    type: d.type,
    province,
    city,
    district,
    regionCode: d.regionCode,
    requestMedian: median,
    quiet,
    zeroStyle,
    format,
    licensing: enforcing && r.chance(d.type === 'government' ? 0.5 : 0.6),
    penalties: enforcing && r.chance(d.type === 'government' ? 0.3 : 0.55),
    procurement: d.type !== 'township' && r.chance(0.45),
    fees: d.type === 'department' && r.chance(0.25),
    moneyUnit: mu === 0 ? '万元' : mu === 1 ? '亿元' : '元',
  };
}

/**
 * `n` agencies in national proportions, sorted by region code (then governments, departments,
 * townships), each with its drawn parameters. Names end with {@link SYNTHETIC_MARK}.
 */
export function buildAgencies(n: number, seed: string, regions: readonly SynProvince[] = nationalRegions()): SyntheticAgency[] {
  const k = agencyCounts(n);
  const sample = sampleHierarchy(regions, seed, k.provinceGov, k.cityGov, k.countyGov);
  const tree = sizedHierarchy(sample.tree, k.cityGov, k.countyGov);
  const provinces = tree.filter((p) => sample.governed.has(p.code)).slice(0, k.provinceGov);
  const cities = tree.flatMap((p) => p.cities.map((c) => ({ p, c }))).slice(0, k.cityGov);
  const counties = cities.flatMap(({ p, c }) => c.counties.map((x) => ({ p, c, x }))).slice(0, k.countyGov);
  const drafts: Draft[] = [];
  const mark = SYNTHETIC_MARK;
  for (const p of provinces) {
    drafts.push({ level: 'province', type: 'government', place: { province: p, city: null, county: null }, name: `${p.name}人民政府${mark}`, regionCode: p.code, dept: null, order: 0 });
  }
  for (const { p, c } of cities) {
    drafts.push({ level: 'city', type: 'government', place: { province: p, city: c, county: null }, name: `${c.name}人民政府${mark}`, regionCode: c.code, dept: null, order: 0 });
  }
  for (const { p, c, x } of counties) {
    drafts.push({ level: 'county', type: 'government', place: { province: p, city: c, county: x }, name: `${x.name}人民政府${mark}`, regionCode: x.code, dept: null, order: 0 });
  }
  const spread = <T>(count: number, over: readonly T[], make: (host: T, i: number, nth: number) => Draft): void => {
    if (over.length === 0) return;
    for (let i = 0; i < count; i++) drafts.push(make(over[i % over.length] as T, i, Math.floor(i / over.length)));
  };
  spread(k.provinceDept, provinces, (p, _i, nth) => {
    const d = nth % DEPARTMENTS.length;
    const suffix = nth >= DEPARTMENTS.length ? String(Math.floor(nth / DEPARTMENTS.length) + 1) : '';
    const dept = DEPARTMENTS[d]?.[0] ?? '办公厅';
    return { level: 'province', type: 'department', place: { province: p, city: null, county: null }, name: `${p.name}${dept}${suffix}${mark}`, regionCode: p.code, dept: d, order: 1 + nth };
  });
  spread(k.cityDept, cities, ({ p, c }, _i, nth) => {
    const d = nth % DEPARTMENTS.length;
    const suffix = nth >= DEPARTMENTS.length ? String(Math.floor(nth / DEPARTMENTS.length) + 1) : '';
    const dept = DEPARTMENTS[d]?.[1] ?? '办公室';
    return { level: 'city', type: 'department', place: { province: p, city: c, county: null }, name: `${c.name}${dept}${suffix}${mark}`, regionCode: c.code, dept: d, order: 1 + nth };
  });
  spread(k.countyDept, counties, ({ p, c, x }, _i, nth) => {
    const d = nth % DEPARTMENTS.length;
    const suffix = nth >= DEPARTMENTS.length ? String(Math.floor(nth / DEPARTMENTS.length) + 1) : '';
    const dept = DEPARTMENTS[d]?.[1] ?? '办公室';
    return { level: 'county', type: 'department', place: { province: p, city: c, county: x }, name: `${c.name}${x.name}${dept}${suffix}${mark}`, regionCode: x.code, dept: d, order: 1 + nth };
  });
  spread(k.township, counties, ({ p, c, x }, _i, nth) => {
    const stem = TOWN_STEMS[nth % TOWN_STEMS.length] ?? '城关';
    const round = Math.floor(nth / TOWN_STEMS.length);
    const [, suffix] = TOWN_KINDS[(nth + round) % TOWN_KINDS.length] ?? ['镇', '镇人民政府'];
    const name = `${c.name}${x.name}${stem}${round > 0 ? String(round + 1) : ''}${suffix}${mark}`;
    return { level: 'township', type: 'township', place: { province: p, city: c, county: x }, name, regionCode: x.code, dept: null, order: 10_000 + nth };
  });
  drafts.sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : a.order - b.order));
  return drafts.map((d, i) => withParams(d, i, seed));
}
