import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agencyId, cleanMetaText, inferAgencyType, mapAgencyType } from '../../src/corpus/agency';
import { findMeta, parseHints, parseMetaCsv, resolveIdentity } from '../../src/corpus/meta';
import { parseReport } from '../../src/ingest/parse';
import { sha256Hex } from '../../src/corpus/sha256';
import { CORPUS_DIR } from '../shared';

describe('sha256Hex', () => {
  it('matches node:crypto on known vectors and block boundaries', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const n of [55, 56, 63, 64, 65, 119, 120, 1000]) {
      const s = '政'.repeat(n);
      expect(sha256Hex(s), `length ${n}`).toBe(createHash('sha256').update(s).digest('hex'));
    }
  });

  it('matches node:crypto on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => sha256Hex(b) === createHash('sha256').update(b).digest('hex')),
      { numRuns: 200 },
    );
  });
});

describe('agency identity', () => {
  it('maps manifest agency types and rejects unknown ones', () => {
    expect(mapAgencyType('department')).toBe('department');
    expect(mapAgencyType(' Township ')).toBe('township');
    expect(mapAgencyType('乡镇街道')).toBe('township');
    expect(mapAgencyType('')).toBeNull();
    expect(mapAgencyType('ministry')).toBeNull();
  });

  it('infers the type from names in the corpus', () => {
    expect(inferAgencyType('沈阳市工业和信息化局')).toBe('department');
    expect(inferAgencyType('淮安市人民政府')).toBe('government');
    expect(inferAgencyType('柞水县凤凰镇人民政府')).toBe('township');
    expect(inferAgencyType('西安市鄠邑区五竹街道办事处')).toBe('township');
    expect(inferAgencyType('上海市人民政府办公厅')).toBe('department');
    expect(inferAgencyType(null)).toBe('other');
  });

  it('strips the manifest’s inference notes and unknowns', () => {
    expect(cleanMetaText('武强县商务局（推断，wqx.gov.cn）')).toBe('武强县商务局');
    expect(cleanMetaText('广东省（推断）')).toBe('广东省');
    expect(cleanMetaText('unknown')).toBeNull();
    expect(cleanMetaText('某市财政局（城市名在镜像页中被博彩垃圾文字替换）')).toBe('某市财政局（城市名在镜像页中被博彩垃圾文字替换）');
  });

  it('gives one id to Traditional and Simplified spellings, different ids to different agencies', () => {
    const base = { province: '辽宁省', city: '沈阳市', district: null, reportId: 'a' };
    const id = agencyId({ ...base, name: '沈阳市工业和信息化局' });
    expect(id).toMatch(/^ag_[0-9a-f]{16}$/);
    expect(agencyId({ ...base, name: '瀋陽市工業和信息化局', reportId: 'b' })).toBe(id);
    expect(agencyId({ ...base, name: '沈阳市 工业和信息化局 ' })).toBe(id);
    expect(agencyId({ ...base, name: '沈阳市财政局' })).not.toBe(id);
    expect(agencyId({ ...base, city: '大连市', name: '沈阳市工业和信息化局' })).not.toBe(id);
  });

  it('never pairs two nameless reports', () => {
    const a = agencyId({ province: null, city: null, district: null, name: null, reportId: 'x1' });
    const b = agencyId({ province: null, city: null, district: null, name: ' ', reportId: 'x2' });
    expect(a).not.toBe(b);
  });
});

describe('meta CSV', () => {
  const csv = readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8');
  const { index, problems } = parseMetaCsv(csv);

  it('reads every row of the shared manifest without problems', () => {
    expect(problems).toEqual([]);
    expect(index.rows).toHaveLength(144);
    const r000 = index.byId.get('000');
    expect(r000).toMatchObject({ agency: '沈阳市工业和信息化局', province: '辽宁省', city: '沈阳市', district: null, year: 2020, agency_type: 'department' });
    expect(r000?.notes).toContain('tab-separated');
  });

  it('matches by path relative to the input root, else by file stem', () => {
    expect(findMeta(index, 'reports/001.html')?.id).toBe('001');
    expect(findMeta(index, '001.html')?.id).toBe('001');
    expect(findMeta(index, 'nested/dir/092.pdf')?.id).toBe('092');
    expect(findMeta(index, 'nope.txt')).toBeUndefined();
  });

  it('turns a row into parser hints', () => {
    expect(parseHints(index.byId.get('176'))).toEqual({ year: 2022, agencyName: '武强县商务局' });
    expect(parseHints(undefined)).toEqual({});
  });

  it('gives a report the region code of its manifest names', () => {
    const parsed = parseReport(readFileSync(join(CORPUS_DIR, 'reports', '000.txt')), { fileName: '000.txt', hints: parseHints(index.byId.get('000')) });
    if (!parsed.ok) throw new Error(parsed.error.code);
    const base = { reportId: '000', sourceFile: 'reports/000.txt', contentSha256: '0'.repeat(64), synthetic: false, report: parsed.report };
    expect(resolveIdentity({ ...base, meta: index.byId.get('000') }).regionCode).toBe('210100');
    // The manifest's inference notes are stripped before matching: 淄博市 临淄区（推断）.
    const zibo = index.rows.find((r) => r.district === '临淄区（推断）');
    expect(resolveIdentity({ ...base, meta: zibo }).regionCode).toBe('370305');
    expect(resolveIdentity({ ...base, meta: undefined }).regionCode).toBeNull();
  });

  it('reports bad rows with their row number', () => {
    const r = parseMetaCsv('id,file,year\n1,a.txt,2020\n,,2021\n3,c.txt,20x1\n4,d.txt,\n');
    expect(r.index.rows.map((x) => [x.id, x.year])).toEqual([['1', 2020], ['4', null]]);
    expect(r.problems.map((p) => p.row)).toEqual([2, 3]);
    expect(r.problems[1]?.message).toContain('year');
  });
});
