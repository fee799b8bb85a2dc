/**
 * Region codes (GB/T 2260) for the province / city / district names a manifest gives, and back.
 * Matching is strict where it matters: every level is looked up only inside the level above it
 * that matched, a name that fits several regions matches none, and a level that matches nothing
 * stops the descent, so the answer is the most specific code known, never a neighbour's.
 */
import { normalizeLabel, toSimplifiedAlways } from '../ingest/normalize';
import { REGIONS_PACKED } from './regions-data';

/** Region names as a manifest gives them; null or '' where unknown. */
export interface RegionNames {
  readonly province: string | null;
  readonly city: string | null;
  readonly district: string | null;
}

type Level = 'province' | 'prefecture' | 'county';

interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: Level;
  /** Matching form of the name (normalised label). */
  readonly norm: string;
  /** The name without its generic suffix (省, 市, 自治州, 县 …). */
  readonly stem: string;
}

/** 直辖市: the city level is the province itself (北京市 北京市 东城区). */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/** Generic suffixes of region names, longest first. */
const SUFFIXES = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '地区', '林区', '特区', '省', '市', '州', '盟', '县', '区', '旗'];

function stemOf(norm: string): string {
  for (const s of SUFFIXES) {
    if (norm.length > s.length && norm.endsWith(s)) return norm.slice(0, -s.length);
  }
  return norm;
}

interface RegionIndex {
  readonly byCode: ReadonlyMap<string, Region>;
  readonly provinces: readonly Region[];
  /** Prefectures of each province (by 2-digit prefix). */
  readonly prefectures: ReadonlyMap<string, readonly Region[]>;
  /** Counties of each province (by 2-digit prefix). */
  readonly counties: ReadonlyMap<string, readonly Region[]>;
}

let index: RegionIndex | null = null;

const ENTRY_RE = /(\d{6})(\D+)/g;

/** Decodes the generated data once, on first use. */
function regions(): RegionIndex {
  if (index !== null) return index;
  const byCode = new Map<string, Region>();
  const provinces: Region[] = [];
  const prefectures = new Map<string, Region[]>();
  const counties = new Map<string, Region[]>();
  for (const packed of REGIONS_PACKED) {
    for (const m of packed.matchAll(ENTRY_RE)) {
      const code = m[1] ?? '';
      const name = m[2] ?? '';
      const level: Level = code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'prefecture' : 'county';
      const norm = normalizeLabel(name);
      const r: Region = { code, name, level, norm, stem: stemOf(norm) };
      byCode.set(code, r);
      const p = code.slice(0, 2);
      if (level === 'province') provinces.push(r);
      else {
        const into = level === 'prefecture' ? prefectures : counties;
        const list = into.get(p) ?? [];
        list.push(r);
        into.set(p, list);
      }
    }
  }
  index = { byCode, provinces, prefectures, counties };
  return index;
}

/**
 * The one region of `cands` a name denotes: its exact name, else the one whose name has the same
 * stem (江苏 → 江苏省, 洪泽 → 洪泽区), else the one whose name starts with the stem
 * (大理州 → 大理白族自治州, 巍山县 → 巍山彝族回族自治县). Several candidates at a step → none.
 */
function pick(cands: readonly Region[], norm: string): Region | null {
  const exact = cands.filter((c) => c.norm === norm);
  if (exact.length > 0) return exact.length === 1 ? (exact[0] ?? null) : null;
  const stem = stemOf(norm);
  const same = cands.filter((c) => c.stem === stem);
  if (same.length > 0) return same.length === 1 ? (same[0] ?? null) : null;
  if (stem.length < 2) return null;
  const prefixed = cands.filter((c) => c.norm.startsWith(stem));
  return prefixed.length === 1 ? (prefixed[0] ?? null) : null;
}

const NON_ASCII_RE = /[^ -~]/;

/** Matching form of a name, or null when there is none. */
function norm(name: string | null): string | null {
  if (name === null) return null;
  const n = normalizeLabel(name);
  return n === '' ? null : n;
}

/**
 * `pick` on the name as given, then on its Simplified form: a Traditional mirror's 瀋陽市 has no
 * character the cheap Traditional test knows, so the dictionary runs, but only when needed.
 */
function pickAny(cands: readonly Region[], n: string): Region | null {
  const r = pick(cands, n);
  if (r !== null || !NON_ASCII_RE.test(n)) return r;
  const t = normalizeLabel(toSimplifiedAlways(n));
  return t === n ? null : pick(cands, t);
}

function all<T>(m: ReadonlyMap<string, readonly T[]>, prefix: string | null): readonly T[] {
  if (prefix !== null) return m.get(prefix) ?? [];
  return [...m.values()].flat();
}

/**
 * The most specific GB/T 2260 code (6 digits) the names establish, or null. A province that
 * matches nothing gives null; a city or district that matches nothing leaves the code of the
 * level above (武汉市 + an unlisted scenic area → 武汉市's code). Without a province, a city or
 * district counts only when its name is unique nationwide.
 */
export function regionCode(names: RegionNames): string | null {
  const idx = regions();
  const pName = norm(names.province);
  const cName = norm(names.city);
  const dName = norm(names.district);
  let province: Region | null = null;
  if (pName !== null) {
    province = pickAny(idx.provinces, pName);
    if (province === null) return null;
  }
  let best: Region | null = province;
  let city: Region | null = null;
  if (cName !== null) {
    const muni = pickAny(
      idx.provinces.filter((p) => MUNICIPALITIES.has(p.code.slice(0, 2))),
      cName,
    );
    if (muni !== null && (province === null || province.code === muni.code)) {
      // 北京市 as the city of 北京市: the city level is the province.
      best = muni;
    } else {
      const p = province?.code.slice(0, 2) ?? null;
      // A prefecture; else a county-level city the province governs directly (天门市), or one
      // the manifest names as the city.
      city = pickAny(all(idx.prefectures, p), cName) ?? pickAny(all(idx.counties, p).filter((c) => c.name.endsWith('市') || !idx.byCode.has(`${c.code.slice(0, 4)}00`)), cName);
      if (city !== null) best = city;
    }
  }
  if (dName !== null && city?.level !== 'county') {
    const scope =
      city !== null
        ? all(idx.counties, city.code.slice(0, 2)).filter((c) => c.code.startsWith(city.code.slice(0, 4)))
        : all(idx.counties, best?.code.slice(0, 2) ?? null);
    const d = pickAny(scope, dName);
    if (d !== null) best = d;
  }
  return best?.code ?? null;
}

/**
 * Names of a code in the manifest's convention: a 直辖市 repeats the province as the city, and a
 * county the province governs directly (天门市) stands as the city. Null for an unknown code.
 */
export function regionOf(code: string): RegionNames | null {
  const idx = regions();
  const r = idx.byCode.get(code);
  if (r === undefined) return null;
  const province = idx.byCode.get(`${code.slice(0, 2)}0000`)?.name ?? null;
  if (r.level === 'province') return { province: r.name, city: null, district: null };
  if (r.level === 'prefecture') return { province, city: r.name, district: null };
  if (MUNICIPALITIES.has(code.slice(0, 2))) return { province, city: province, district: r.name };
  const prefecture = idx.byCode.get(`${code.slice(0, 4)}00`);
  if (prefecture === undefined) return { province, city: r.name, district: null };
  return { province, city: prefecture.name, district: r.name };
}
