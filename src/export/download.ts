/** DOM adapter: hands bytes to the browser as a file download. Kept thin; everything else is pure. */

/** Starts a download of `bytes` (or text) named `name`. */
export function downloadBlob(name: string, bytes: Uint8Array | string, mime: string): void {
  const part: BlobPart = typeof bytes === 'string' ? bytes : new Uint8Array(bytes);
  const url = URL.createObjectURL(new Blob([part], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking synchronously can cancel the download in some browsers.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/** Starts a download of a `data:` URL (chart images). */
export function downloadDataUrl(name: string, dataUrl: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
  png: 'image/png',
  svg: 'image/svg+xml',
} as const;
