/** File names for downloads. */

/** A file name safe on Windows, macOS and Linux: reserved characters replaced, length capped, Chinese kept. */
export function safeFileName(name: string, ext: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  const base = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, '').slice(0, 120) || 'export';
  return `${base}.${ext}`;
}
