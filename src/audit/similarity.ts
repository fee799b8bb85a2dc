/**
 * Narrative similarity for copy detection: character 5-gram shingles compared by containment.
 *
 * Why characters and not words: Chinese has no spaces, and a word segmenter would be a large
 * dependency whose errors differ between two near-identical texts. Why 5: 2–3 character grams are
 * shared by any two reports of the genre (政府信息, 公开工作), while 5 characters already span a
 * phrase, so unrelated reports share few of them. Why containment (|A∩B| / min(|A|,|B|)) as the
 * score: a report that copies last year's text and adds a paragraph is still a copy, and Jaccard
 * would dilute it by the added length; Jaccard is reported beside it for the reader.
 *
 * Before shingling, text is folded: whitespace and punctuation go (line wrapping of extracted text
 * differs between years) and every digit run becomes `#`, so "2023年…收到申请5件" and
 * "2024年…收到申请7件" count as the same sentence: updating the figures of a copied text does not
 * make it original.
 */

/** Shingle length in characters. */
export const SHINGLE_SIZE = 5;

/** Texts with fewer folded characters than this are too short to judge (a few lines match by chance). */
export const MIN_COMPARABLE_CHARS = 200;

/** Folds a narrative for comparison: letters and CJK kept (lower-cased), digit runs → `#`, the rest dropped. */
export function foldNarrative(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\d+(?:[.,]\d+)*/gu, '#')
    .replace(/[^\p{L}#]/gu, '');
}

/** The set of `size`-character shingles of an already folded text (empty when it is shorter than `size`). */
export function shingles(folded: string, size: number = SHINGLE_SIZE): Set<string> {
  const out = new Set<string>();
  if (!/[\uD800-\uDFFF]/.test(folded)) {
    // The common case: no surrogate pairs, so code units are characters and substring is exact.
    for (let i = 0; i + size <= folded.length; i++) out.add(folded.substring(i, i + size));
    return out;
  }
  // Iterate by code point so characters outside the BMP are not split in half.
  const chars = Array.from(folded);
  for (let i = 0; i + size <= chars.length; i++) out.add(chars.slice(i, i + size).join(''));
  return out;
}

function intersectionSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const s of small) if (large.has(s)) n++;
  return n;
}

/** |A∩B| / |A∪B|; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const inter = intersectionSize(a, b);
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** |A∩B| / min(|A|,|B|); 0 when either is empty. */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const m = Math.min(a.size, b.size);
  return m === 0 ? 0 : intersectionSize(a, b) / m;
}

export interface Similarity {
  /** Containment of the shorter text's shingles in the longer one's, 0–1: the score that is flagged. */
  readonly score: number;
  readonly jaccard: number;
  /** Folded lengths of the two texts. */
  readonly chars: readonly [number, number];
  /** False when either text is shorter than `MIN_COMPARABLE_CHARS`: the score then means nothing. */
  readonly comparable: boolean;
}

/** Similarity of two narratives (see the module comment for the method and why). */
export function narrativeSimilarity(a: string, b: string): Similarity {
  const fa = foldNarrative(a);
  const fb = foldNarrative(b);
  const sa = shingles(fa);
  const sb = shingles(fb);
  const la = Array.from(fa).length;
  const lb = Array.from(fb).length;
  return {
    score: containment(sa, sb),
    jaccard: jaccard(sa, sb),
    chars: [la, lb],
    comparable: la >= MIN_COMPARABLE_CHARS && lb >= MIN_COMPARABLE_CHARS,
  };
}
