import { describe, expect, it } from 'vitest';
import { classifyCell, parseCellValue, unitFromHeader } from '../../src/ingest/cellvalue';

describe('parseCellValue: blank, /, -, —, 0 stay distinct (spec §9.2)', () => {
  it('reads 0 as the number zero', () => {
    expect(parseCellValue('0', 'count')).toEqual({ value: 0, semantic: 'number' });
  });
  it('reads an empty or &nbsp;-like cell as blank, not zero', () => {
    expect(parseCellValue('', 'count')).toEqual({ value: null, semantic: 'blank' });
    expect(parseCellValue('\u00a0 ', 'count')).toEqual({ value: null, semantic: 'blank' });
  });
  it.each(['/', '／', '-', '—', '－', '——'])('reads %s as not applicable', (raw) => {
    expect(parseCellValue(raw, 'count')).toEqual({ value: null, semantic: 'na' });
  });
  it('keeps 无 and other words as text', () => {
    expect(parseCellValue('无', 'count').semantic).toBe('text');
    expect(parseCellValue('增加5', 'signed')).toEqual({ value: null, semantic: 'text' });
    expect(parseCellValue('0/0', 'count').semantic).toBe('text');
  });
  it('keeps the sign of 本年增/减', () => {
    expect(parseCellValue('+2', 'signed')).toEqual({ value: 2, semantic: 'number' });
    expect(parseCellValue('-71', 'signed')).toEqual({ value: -71, semantic: 'number' });
  });
  it('normalises full-width digits and thousands separators (V17 large aggregates)', () => {
    expect(parseCellValue('１２３', 'count').value).toBe(123);
    expect(parseCellValue('11,398,889', 'count').value).toBe(11398889);
  });
});

describe('parseCellValue: money (spec §9.1)', () => {
  it('converts a unit printed in the v2019 procurement cell', () => {
    expect(parseCellValue('0.0436 亿元', 'money_in_cell')).toEqual({ value: 0.0436, semantic: 'number', unit: '亿元', valueYuan: 4360000 });
    expect(parseCellValue('152790元', 'money_in_cell')).toEqual({ value: 152790, semantic: 'number', unit: '元', valueYuan: 152790 });
  });
  it('uses the header unit when the cell has none (014: 采购总金额(万元))', () => {
    expect(parseCellValue('477.35', 'money_in_cell', '万元')).toEqual({ value: 477.35, semantic: 'number', unit: '万元', valueYuan: 4773500 });
  });
  it('leaves yuan unknown when no unit is printed anywhere (030: "8040")', () => {
    expect(parseCellValue('8040', 'money_in_cell')).toEqual({ value: 8040, semantic: 'number', valueYuan: null });
  });
  it('knows that zero is zero in any unit', () => {
    expect(parseCellValue('0', 'money_in_cell').valueYuan).toBe(0);
  });
  it('reads v2021 fees in 万元 by header', () => {
    expect(parseCellValue('4068.208', 'money_wan_yuan')).toEqual({ value: 4068.208, semantic: 'number', unit: '万元', valueYuan: 40682080 });
  });
  it('reads header units', () => {
    expect(unitFromHeader('采购总金额(万元)')).toBe('万元');
    expect(unitFromHeader('本年收费金额（单位：万元）')).toBe('万元');
    expect(unitFromHeader('采购总金额')).toBeUndefined();
  });
});

describe('classifyCell', () => {
  it('tells values from labels', () => {
    expect(classifyCell('12')).toBe('number');
    expect(classifyCell('/')).toBe('na');
    expect(classifyCell('增加5')).toBe('text_value');
    expect(classifyCell('行政许可')).toBe('text');
    expect(classifyCell('   ')).toBe('empty');
  });
});
