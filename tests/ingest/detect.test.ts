import { describe, expect, it } from 'vitest';
import { activeSignal, detectTemplate, requestSignal, versionForYear } from '../../src/ingest/detect';
import { decodeBytes, sniffBinary } from '../../src/ingest/decode';
import { textToDocument } from '../../src/ingest/text/frontend';

describe('version detection from labels (spec §5)', () => {
  it('reads table 二 column headers', () => {
    expect(activeSignal('本年制发件数')).toBe('v2021');
    expect(activeSignal('本年收费金额(单位:万元)')).toBe('v2021');
    expect(activeSignal('本年处理决定数量')).toBe('v2021');
    expect(activeSignal('本年新制作数量')).toBe('v2019');
    expect(activeSignal('处理决定数量')).toBe('v2019');
    expect(activeSignal('本年增/')).toBe('v2019');
    expect(activeSignal('信息内容')).toBeNull();
  });
  it('reads the v2021 sub-rows of （六）其他处理', () => {
    expect(requestSignal('1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请')).toBe('v2021');
    expect(requestSignal('2.逾期不缴费')).toBe('v2021');
    expect(requestSignal('(六)其他处理')).toBeNull();
  });
  it('combines per-table versions: mixed, text_only, pre2019', () => {
    expect(detectTemplate({ active: 'v2021', requests: 'v2019' }, true, 2023, '')).toBe('mixed');
    expect(detectTemplate({ active: 'v2019' }, true, 2023, '')).toBe('v2019');
    expect(detectTemplate({}, false, 2022, '一、概述')).toBe('text_only');
    expect(detectTemplate({}, false, 2018, '')).toBe('pre2019');
    expect(detectTemplate({}, false, 2020, '全文包括概述、咨询情况')).toBe('pre2019');
    expect(detectTemplate({}, false, 2020, '（二）依申请公开政府信息情况')).toBe('text_only');
  });
  it('maps years to the prescribed version', () => {
    expect(versionForYear(2019)).toBe('v2019');
    expect(versionForYear(2021)).toBe('v2021');
    expect(versionForYear(2015)).toBeNull();
    expect(versionForYear(null)).toBeNull();
  });
});

describe('decodeBytes', () => {
  it('falls back to GB18030 for bytes that are not UTF-8', () => {
    // 规章 in GBK: B9 E6 D5 C2
    const r = decodeBytes(new Uint8Array([0xb9, 0xe6, 0xd5, 0xc2]));
    expect(r.ok && r.text).toBe('规章');
    expect(r.ok && r.encoding).toBe('gb18030');
  });
  it('prefers valid UTF-8', () => {
    const r = decodeBytes(new TextEncoder().encode('规章'));
    expect(r.ok && r.encoding).toBe('utf-8');
  });
  it('recognises PDF and zip signatures', () => {
    expect(sniffBinary(new TextEncoder().encode('%PDF-1.4'))).toBe('pdf');
    expect(sniffBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('zip');
    expect(sniffBinary(new TextEncoder().encode('规章'))).toBeNull();
  });
});

describe('textToDocument', () => {
  it('keeps line numbers as provenance and splits tab, pipe and layout rows', () => {
    const doc = textToDocument('标题\n\n规章\t1\t2\n| a | b ||\n行政许可        3     4\n|---|---|\n', 'md');
    expect(doc.blocks.map((b) => [b.kind, b.cells.map((c) => c.text), b.cells[0]?.prov.line])).toEqual([
      ['line', ['标题'], 1],
      ['row', ['规章', '1', '2'], 3],
      ['row', ['a', 'b', ''], 4],
      ['row', ['行政许可', '3', '4'], 5],
    ]);
    expect(doc.blocks[2]?.table).toBe(0);
    expect(doc.text.split('\n')[2]).toBe('规章\t1\t2');
  });
});
