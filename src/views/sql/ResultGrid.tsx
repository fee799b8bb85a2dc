/**
 * The console's result grid: only the rows in view are in the DOM (@tanstack/react-virtual), so a
 * 100,000-row result scrolls as smoothly as a ten-row one. Values render as text, never HTML.
 */
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { QueryResult } from '../../db/connector';
import { displayValue } from './result';

const ROW_HEIGHT = 26;
const COL_WIDTH = 160;
const NUM_WIDTH = 64;

export function ResultGrid({ result, label }: { result: QueryResult; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = result.rows;
  // The virtualizer's getters must not be memoised; this component is cheap to re-render as a whole.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const width = NUM_WIDTH + result.columns.length * COL_WIDTH;
  const template = `${String(NUM_WIDTH)}px repeat(${String(result.columns.length)}, ${String(COL_WIDTH)}px)`;
  return (
    <div className="result-grid" ref={scroller} role="grid" aria-label={label} aria-rowcount={rows.length + 1} aria-colcount={result.columns.length + 1} tabIndex={0} data-testid="sql-grid">
      <div className="rg-row rg-head" role="row" aria-rowindex={1} style={{ width, gridTemplateColumns: template }}>
        <span role="columnheader" className="rg-num">#</span>
        {result.columns.map((c) => (
          <span key={c.name} role="columnheader" title={`${c.name} (${c.type})`}>{c.name}</span>
        ))}
      </div>
      <div style={{ height: v.getTotalSize(), width, position: 'relative' }}>
        {v.getVirtualItems().map((item) => {
          const r = rows[item.index];
          return (
            <div
              key={item.key}
              className="rg-row"
              role="row"
              aria-rowindex={item.index + 2}
              data-testid="sql-grid-row"
              data-row={item.index}
              style={{ position: 'absolute', top: 0, transform: `translateY(${String(item.start)}px)`, height: ROW_HEIGHT, width, gridTemplateColumns: template }}
            >
              <span role="rowheader" className="rg-num">{item.index + 1}</span>
              {result.columns.map((c) => {
                const val = r?.[c.name];
                const text = displayValue(val);
                return (
                  <span key={c.name} role="gridcell" className={val === null || val === undefined ? 'rg-null' : typeof val === 'number' ? 'rg-n' : ''} title={text}>
                    {text}
                  </span>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
