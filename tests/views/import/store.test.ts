/**
 * The imports slice of the app store: sessions, progress (an older session's late progress is
 * ignored), cancel, corrections, accept and undo, on a real store.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/store/store';
import type { ImportItem } from '../../../src/import/types';
import { pendingKey } from '../../../src/store/imports';

const failed = (index: number, relPath: string): ImportItem => ({
  index,
  relPath,
  status: 'error',
  failure: { code: 'scanned_pdf', message: { zh: `扫描件，无文字层：${relPath}`, en: `Scanned PDF with no text layer: ${relPath}` } },
});

describe('imports slice', () => {
  it('adds a session as queued rows, applies progress by index and ignores an older session', () => {
    const store = createAppStore();
    const s1 = store.getState().importStarted(['a.pdf', 'b.pdf']);
    expect(store.getState().imports).toMatchObject({ session: s1, running: true, total: 2, done: 0 });
    expect(store.getState().imports.pending.map((r) => [r.key, r.item.status])).toEqual([[pendingKey(s1, 0), 'queued'], [pendingKey(s1, 1), 'queued']]);
    store.getState().importProgress(s1, { done: 1, total: 2, item: failed(1, 'b.pdf') });
    expect(store.getState().imports.pending.map((r) => r.item.status)).toEqual(['queued', 'error']);
    expect(store.getState().imports.done).toBe(1);

    store.getState().importFinished(s1, true);
    // Cancelled: the file that never finished leaves the list, the finished one stays.
    expect(store.getState().imports.pending.map((r) => r.item.relPath)).toEqual(['b.pdf']);
    expect(store.getState().imports.running).toBe(false);

    const s2 = store.getState().importStarted(['c.pdf']);
    expect(s2).toBe(s1 + 1);
    store.getState().importProgress(s1, { done: 2, total: 2, item: failed(0, 'a.pdf') });
    expect(store.getState().imports.pending.map((r) => r.item.relPath)).toEqual(['b.pdf', 'c.pdf']);
    expect(store.getState().imports.done).toBe(0);
  });

  it('keeps corrections per row, drops accepted rows, stacks batches and pops them on undo', () => {
    const store = createAppStore();
    const s = store.getState().importStarted(['a.pdf', 'b.pdf', 'c.pdf']);
    const [ka, kb, kc] = [0, 1, 2].map((i) => pendingKey(s, i));
    if (ka === undefined || kb === undefined || kc === undefined) throw new Error('keys');
    const st = () => store.getState();
    st().editImport(ka, { year: 2023, agencyType: 'department' });
    st().editImport(kb, { year: 2024 });
    st().editImport(kb, {});
    expect(st().imports.edits).toEqual({ [ka]: { year: 2023, agencyType: 'department' } });
    st().checkImport(ka, true);
    st().checkImport(kc, true);
    st().checkImport(kc, false);
    st().selectImport(ka);
    expect(st().imports.checked).toEqual([ka]);

    const batch = { batchId: 'b1_x', reportIds: ['import:a'], replaced: [] };
    st().importsAccepted([ka], batch, { kind: 'info', message: { zh: '已加入 1 份报告', en: '1 report(s) added' } });
    expect(st().imports.pending.map((r) => r.key)).toEqual([kb, kc]);
    expect(st().imports.edits).toEqual({});
    expect(st().imports.checked).toEqual([]);
    expect(st().imports.selected).toBeNull();
    expect(st().imports.batches).toEqual([batch]);
    expect(st().imports.notice?.message.zh).toBe('已加入 1 份报告');
    // The database's list may arrive first (the corpus refresh): the batch is not stacked twice.
    st().setImportBatches([batch]);
    st().importsAccepted([], batch, { kind: 'info', message: { zh: '已加入 1 份报告', en: '1 report(s) added' } });
    expect(st().imports.batches).toEqual([batch]);

    st().importUndone('b1_x', { kind: 'info', message: { zh: '已撤销', en: 'undone' } });
    expect(st().imports.batches).toEqual([]);

    // Clearing is refused while a session runs.
    st().clearImports();
    expect(st().imports.pending).toHaveLength(2);
    st().importFinished(s, false);
    st().clearImports();
    expect(st().imports.pending).toEqual([]);
  });
});
