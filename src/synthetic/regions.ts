/**
 * The region hierarchy synthetic agencies are placed in: province → city → county, with GB/T 2260
 * codes. By default the national list of `src/model/regions-data.ts` (31 provinces, 333 prefectures,
 * 2,846 counties); a small built-in sample serves tests. When a run needs more cities or counties
 * than a list holds, further ones are made up under its provinces, with codes in unused ranges and
 * names marked 合成 so nobody mistakes them for real places.
 */
import { REGIONS_PACKED } from '../model/regions-data';
import { Rng } from './random';

export interface SynCounty {
  readonly code: string;
  readonly name: string;
}
export interface SynCity {
  readonly code: string;
  readonly name: string;
  readonly counties: readonly SynCounty[];
}
export interface SynProvince {
  readonly code: string;
  readonly name: string;
  readonly cities: readonly SynCity[];
}

type Seed = readonly [code: string, name: string, cities: readonly (readonly [code: string, name: string, counties: readonly (readonly [string, string])[]])[]];

// Real GB/T 2260 names and codes (a sample, enough for demos and tests).
const BUILT_IN: readonly Seed[] = [
  ['110000', '北京市', [['110100', '北京市', [['110101', '东城区'], ['110102', '西城区'], ['110105', '朝阳区'], ['110108', '海淀区']]]]],
  ['310000', '上海市', [['310100', '上海市', [['310101', '黄浦区'], ['310104', '徐汇区'], ['310105', '长宁区'], ['310115', '浦东新区']]]]],
  [
    '320000',
    '江苏省',
    [
      ['320100', '南京市', [['320102', '玄武区'], ['320104', '秦淮区'], ['320105', '建邺区'], ['320111', '浦口区']]],
      ['320800', '淮安市', [['320803', '淮安区'], ['320804', '淮阴区'], ['320812', '清江浦区'], ['320826', '涟水县']]],
      ['321300', '宿迁市', [['321302', '宿城区'], ['321311', '宿豫区'], ['321322', '沭阳县'], ['321323', '泗阳县']]],
    ],
  ],
  [
    '330000',
    '浙江省',
    [
      ['330100', '杭州市', [['330102', '上城区'], ['330106', '西湖区'], ['330108', '滨江区'], ['330109', '萧山区']]],
      ['330200', '宁波市', [['330203', '海曙区'], ['330205', '江北区'], ['330281', '余姚市']]],
    ],
  ],
  [
    '440000',
    '广东省',
    [
      ['440100', '广州市', [['440103', '荔湾区'], ['440104', '越秀区'], ['440106', '天河区'], ['440111', '白云区']]],
      ['440300', '深圳市', [['440303', '罗湖区'], ['440304', '福田区'], ['440305', '南山区']]],
    ],
  ],
  [
    '210000',
    '辽宁省',
    [
      ['210100', '沈阳市', [['210102', '和平区'], ['210103', '沈河区'], ['210104', '大东区'], ['210106', '铁西区']]],
      ['210200', '大连市', [['210202', '中山区'], ['210203', '西岗区'], ['210204', '沙河口区']]],
    ],
  ],
  [
    '510000',
    '四川省',
    [
      ['510100', '成都市', [['510104', '锦江区'], ['510105', '青羊区'], ['510106', '金牛区'], ['510107', '武侯区']]],
      ['510700', '绵阳市', [['510703', '涪城区'], ['510704', '游仙区'], ['510781', '江油市']]],
    ],
  ],
  [
    '530000',
    '云南省',
    [
      ['530100', '昆明市', [['530102', '五华区'], ['530103', '盘龙区'], ['530111', '官渡区']]],
      ['532900', '大理白族自治州', [['532901', '大理市'], ['532925', '弥渡县'], ['532926', '南涧彝族自治县']]],
    ],
  ],
  ['130000', '河北省', [['130100', '石家庄市', [['130102', '长安区'], ['130104', '桥西区'], ['130105', '新华区']]], ['131100', '衡水市', [['131102', '桃城区'], ['131125', '武强县']]]]],
  ['370000', '山东省', [['370100', '济南市', [['370102', '历下区'], ['370103', '市中区'], ['370104', '槐荫区']]], ['370200', '青岛市', [['370202', '市南区'], ['370203', '市北区']]]]],
  ['420000', '湖北省', [['420100', '武汉市', [['420102', '江岸区'], ['420103', '江汉区'], ['420106', '武昌区']]]]],
  ['610000', '陕西省', [['610100', '西安市', [['610102', '新城区'], ['610103', '碑林区'], ['610104', '莲湖区']]]]],
];

/** The built-in hierarchy (real names and codes). */
export const BUILT_IN_REGIONS: readonly SynProvince[] = BUILT_IN.map(([code, name, cities]) => ({
  code,
  name,
  cities: cities.map(([cc, cn, counties]) => ({ code: cc, name: cn, counties: counties.map(([kc, kn]) => ({ code: kc, name: kn })) })),
}));

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A hierarchy with at least `cities` cities and `counties` counties, built from `base` and topped
 * up with made-up places spread over its provinces. Deterministic.
 */
export function sizedHierarchy(base: readonly SynProvince[], cities: number, counties: number): SynProvince[] {
  const ps = base.map((p) => ({ ...p, cities: p.cities.map((c) => ({ ...c, counties: [...c.counties] })) }));
  let nCities = ps.reduce((s, p) => s + p.cities.length, 0);
  // Made-up cities take codes 70–99 of each province (unused by GB/T 2260 for prefecture-level cities).
  const nextCity = new Map<string, number>(ps.map((p) => [p.code, 70]));
  for (let i = 0; nCities < cities; i++) {
    const p = ps[i % ps.length];
    if (p === undefined) break;
    const k = nextCity.get(p.code) ?? 70;
    if (k > 99) break;
    nextCity.set(p.code, k + 1);
    const code = `${p.code.slice(0, 2)}${pad2(k)}00`;
    p.cities.push({ code, name: `合成第${String(k - 69)}市`, counties: [] });
    nCities++;
  }
  const allCities = ps.flatMap((p) => p.cities);
  let nCounties = allCities.reduce((s, c) => s + c.counties.length, 0);
  // Made-up counties take codes 60–99 under their city.
  const nextCounty = new Map<string, number>(allCities.map((c) => [c.code, 60]));
  for (let i = 0; nCounties < counties; i++) {
    // Empty (made-up) cities first, then round robin.
    const c = allCities.find((x) => x.counties.length === 0) ?? allCities[i % allCities.length];
    if (c === undefined) break;
    const k = nextCounty.get(c.code) ?? 60;
    if (k > 99) {
      if (allCities.every((x) => (nextCounty.get(x.code) ?? 60) > 99)) break;
      continue;
    }
    nextCounty.set(c.code, k + 1);
    c.counties.push({ code: `${c.code.slice(0, 4)}${pad2(k)}`, name: `合成第${String(k - 59)}区` });
    nCounties++;
  }
  // A city without counties would leave its county-level agencies nowhere.
  for (const c of allCities) if (c.counties.length === 0) c.counties.push({ code: `${c.code.slice(0, 4)}60`, name: '合成第1区' });
  return ps;
}

/** 直辖市: their counties sit directly under the province; the city level repeats the province. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
/** Taiwan, Hong Kong and Macau publish no reports under the regulation. */
const OUTSIDE = new Set(['71', '81', '82']);

/**
 * The hierarchy from packed `<6-digit code><name>` strings (the format of `regions-data.ts`).
 * Counties of a prefecture the list does not hold (省直辖县级行政区) are left out.
 */
export function regionsFromPacked(packed: readonly string[]): SynProvince[] {
  const out: SynProvince[] = [];
  for (const s of packed) {
    const entries = [...s.matchAll(/(\d{6})(\D+)/g)].map((m) => ({ code: m[1] ?? '', name: m[2] ?? '' }));
    const prov = entries.find((e) => e.code.endsWith('0000'));
    if (prov === undefined || OUTSIDE.has(prov.code.slice(0, 2))) continue;
    const pp = prov.code.slice(0, 2);
    const cities = new Map<string, { code: string; name: string; counties: SynCounty[] }>();
    if (MUNICIPALITIES.has(pp)) cities.set(`${pp}01`, { code: `${pp}0100`, name: prov.name, counties: [] });
    for (const e of entries) if (!e.code.endsWith('0000') && e.code.endsWith('00')) cities.set(e.code.slice(0, 4), { code: e.code, name: e.name, counties: [] });
    for (const e of entries) {
      if (e.code.endsWith('00')) continue;
      const city = cities.get(e.code.slice(0, 4)) ?? (MUNICIPALITIES.has(pp) ? cities.get(`${pp}01`) : undefined);
      city?.counties.push({ code: e.code, name: e.name });
    }
    out.push({ code: prov.code, name: prov.name, cities: [...cities.values()].filter((c) => c.counties.length > 0) });
  }
  return out;
}

let national: SynProvince[] | null = null;

/** The national hierarchy (decoded once). */
export function nationalRegions(): readonly SynProvince[] {
  national ??= regionsFromPacked(REGIONS_PACKED);
  return national;
}

/**
 * A seeded sample of a hierarchy: `cities` cities taken round robin over all provinces (so a small
 * run still spans several places), `counties` counties round robin over those cities; `governed`
 * names the `provinces` provinces whose provincial government takes part. Everything in code order.
 */
export function sampleHierarchy(base: readonly SynProvince[], seed: string, provinces: number, cities: number, counties: number): { tree: SynProvince[]; governed: Set<string> } {
  const r = Rng.for(seed, 'regions');
  const shuffle = <T>(xs: readonly T[]): T[] => r.shuffle(xs);
  const ps = shuffle(base);
  const governed = new Set(ps.slice(0, Math.max(1, provinces)).map((p) => p.code));
  const cityQueues = ps.map((p) => shuffle(p.cities));
  const chosenCities = ps.map((): SynCity[] => []);
  for (let taken = 0, round = 0; taken < cities && cityQueues.some((q) => q.length > round); round++) {
    cityQueues.forEach((q, i) => {
      const c = q[round];
      if (c !== undefined && taken < cities) {
        chosenCities[i]?.push(c);
        taken++;
      }
    });
  }
  const flat = chosenCities.flatMap((cs, i) => cs.map((c) => ({ i, c, queue: shuffle(c.counties), chosen: [] as SynCounty[] })));
  for (let taken = 0, round = 0; taken < counties && flat.some((f) => f.queue.length > round); round++) {
    for (const f of flat) {
      const k = f.queue[round];
      if (k !== undefined && taken < counties) {
        f.chosen.push(k);
        taken++;
      }
    }
  }
  const byCode = <T extends { code: string }>(a: T, b: T): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const tree = ps
    .map((p, i) => ({
      code: p.code,
      name: p.name,
      cities: flat
        .filter((f) => f.i === i)
        .map((f) => ({ code: f.c.code, name: f.c.name, counties: [...f.chosen].sort(byCode) }))
        .sort(byCode),
    }))
    .filter((p) => p.cities.length > 0 || governed.has(p.code))
    .sort(byCode);
  return { tree, governed };
}
