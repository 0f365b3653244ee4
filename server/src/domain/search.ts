// Rules of the one search box: how a query is normalised, which matches rank
// first, and how matched words are marked in a title. Pure: the store finds
// candidates with indexes; this decides their order and presentation.
import type { SearchHit, SearchHitKind } from "./inventory.js";

export const defaultSearchLimit = 20;
/** Words beyond this are ignored: a search box is not a document. */
export const maxQueryWords = 10;

export interface NormalizedQuery {
  /** Lower-cased, NFKC, single-spaced; what codes and names are compared with. */
  text: string;
  words: string[];
}

/** NFKC, lower case, control characters dropped, whitespace collapsed, at most `maxQueryWords` words. */
export function normalizeQuery(raw: string): NormalizedQuery {
  const cleaned = raw
    .normalize("NFKC")
    .replace(/\p{Cc}/gu, " ")
    .toLowerCase()
    .split(/\s+/u)
    .filter((word) => word !== "");
  const words = cleaned.slice(0, maxQueryWords);
  return { text: words.join(" "), words };
}

/**
 * A `to_tsquery('simple', …)` text: every word quoted (so operators typed by
 * the user are plain text), all words required, the last one as a prefix
 * because it is usually still being typed. Empty when there is nothing to find.
 */
export function tsQueryText(words: readonly string[]): string {
  return words
    .map((word, i) => `'${word.replaceAll("\\", "\\\\").replaceAll("'", "''")}'${i === words.length - 1 ? ":*" : ""}`)
    .join(" & ");
}

/** A LIKE pattern for "starts with `text`", with LIKE's own characters escaped. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Warehouse staff often type only the number of a tag ("1234" for "LX-001234").
 * Substring search over tags is worth its cost only for such numbers: shorter
 * or non-numeric fragments match a large share of all tags.
 */
export function tagNumberPattern(text: string): string | undefined {
  return /^\d{4,}$/.test(text) ? `%${text}%` : undefined;
}

/** How a candidate was found; earlier is better. */
export type MatchTier = "EXACT" | "TEXT" | "FUZZY";

const tierBase: Record<MatchTier, number> = { EXACT: 3, TEXT: 2, FUZZY: 1 };

export interface SearchCandidate {
  kind: SearchHitKind;
  id: string;
  code: string;
  title: string;
  subtitle: string;
  tier: MatchTier;
  /** Relevance within the tier, 0..1 (full-text rank, trigram similarity, share of the code typed). */
  score: number;
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(value, 0.999);
}

/** One score that orders hits across tiers: the tier, plus the relevance inside it. */
export function hitScore(tier: MatchTier, score: number): number {
  return tierBase[tier] + clampUnit(score);
}

function compareCandidates(a: SearchCandidate, b: SearchCandidate): number {
  return (
    hitScore(b.tier, b.score) - hitScore(a.tier, a.score) ||
    a.title.length - b.title.length ||
    (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Merges candidates from every matcher into the hits to show: one hit per
 * thing (its best match wins), exact code hits first, then full-text, then
 * typo-tolerant matches; inside a tier by relevance, then shorter titles.
 */
export function rankCandidates(candidates: readonly SearchCandidate[], query: NormalizedQuery, limit: number): SearchHit[] {
  const best = new Map<string, SearchCandidate>();
  for (const candidate of candidates) {
    const key = `${candidate.kind}:${candidate.id}`;
    const seen = best.get(key);
    if (!seen || compareCandidates(candidate, seen) < 0) best.set(key, candidate);
  }
  return [...best.values()]
    .sort(compareCandidates)
    .slice(0, Math.max(0, limit))
    .map((c) => ({
      kind: c.kind,
      id: c.id,
      code: c.code,
      title: c.title,
      subtitle: c.subtitle,
      highlight: highlight(c.title, query.words),
      exact: c.code.normalize("NFKC").toLowerCase() === query.text,
      score: hitScore(c.tier, c.score),
    }));
}

/**
 * Whether typo-tolerant matching is worth running: not when a code matched
 * exactly (someone scanned or typed a code, not a name), not for queries with
 * fewer than three letters (numbers and fragments match names at random), and
 * not when the better tiers already fill the page.
 */
export function needsFuzzy(candidates: readonly SearchCandidate[], query: NormalizedQuery, limit: number): boolean {
  if (candidates.some((c) => c.tier === "EXACT")) return false;
  if ((query.text.match(/\p{L}/gu)?.length ?? 0) < 3) return false;
  return new Set(candidates.map((c) => `${c.kind}:${c.id}`)).size < limit;
}

// --- highlights ---------------------------------------------------------------

interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`, the [start, end) of its code point in the original. */
  from: [number, number][];
}

function foldChar(ch: string): string {
  return ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Lower case without accents, with a map back to the original positions. */
function fold(original: string): Folded {
  let text = "";
  const from: [number, number][] = [];
  let at = 0;
  for (const ch of original) {
    const folded = foldChar(ch);
    for (let i = 0; i < folded.length; i += 1) from.push([at, at + ch.length]);
    text += folded;
    at += ch.length;
  }
  return { text, from };
}

const wordChar = /[\p{L}\p{N}]/u;

/** Optimal string alignment distance: edits, with a swap of neighbours as one edit ("haed" → "head"). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i += 1) {
    const row = d[i];
    if (!row) continue;
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      row[j] = value;
    }
  }
  return at(a.length, b.length);
}

/** Typos tolerated in a word of this length. */
export function typoAllowance(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/** How much of `token` a typo-tolerant match of `word` covers: all of it, its start (a word still being typed), or nothing. */
function fuzzyMatchLength(token: string, word: string): number {
  const allowance = typoAllowance(word.length);
  if (allowance === 0) return 0;
  if (editDistance(word, token) <= allowance) return token.length;
  return token.length > word.length && editDistance(word, token.slice(0, word.length)) <= allowance ? word.length : 0;
}

function tokens(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i += 1) {
    const isWord = i < text.length && wordChar.test(text.charAt(i));
    if (isWord && start < 0) start = i;
    if (!isWord && start >= 0) {
      found.push({ start, end: i });
      start = -1;
    }
  }
  return found;
}

/**
 * `title` with the parts that match the query wrapped in « and »: a query word
 * found at the start of a word of the title (or anywhere, for numbers of four
 * digits or more), and whole title words that are a typo away from a query
 * word. Neighbouring marks separated only by spaces are joined.
 */
export function highlight(title: string, words: readonly string[]): string {
  const folded = fold(title);
  const marked = new Array<boolean>(title.length).fill(false);
  const mark = (start: number, end: number) => {
    for (let i = start; i < end; i += 1) {
      const range = folded.from[i];
      if (range) for (let j = range[0]; j < range[1]; j += 1) marked[j] = true;
    }
  };
  const titleTokens = tokens(folded.text);
  for (const raw of words) {
    const word = fold(raw).text;
    if (word === "") continue;
    const anywhere = /^\d{4,}$/.test(word);
    for (let at = folded.text.indexOf(word); at >= 0; at = folded.text.indexOf(word, at + 1)) {
      const boundary = at === 0 || !wordChar.test(folded.text.charAt(at - 1));
      if (boundary || anywhere) mark(at, at + word.length);
    }
    for (const token of titleTokens) {
      mark(token.start, token.start + fuzzyMatchLength(folded.text.slice(token.start, token.end), word));
    }
  }
  // Join marks separated by spaces only: «Moving Head» rather than «Moving» «Head».
  for (let i = 0; i < title.length; i += 1) {
    if (marked[i] || title.charAt(i) !== " ") continue;
    let j = i;
    while (j < title.length && title.charAt(j) === " ") j += 1;
    if (i > 0 && marked[i - 1] && j < title.length && marked[j]) for (let k = i; k < j; k += 1) marked[k] = true;
    i = j - 1;
  }
  let out = "";
  for (let i = 0; i < title.length; i += 1) {
    if (marked[i] && !marked[i - 1]) out += "«";
    out += title.charAt(i);
    if (marked[i] && !marked[i + 1]) out += "»";
  }
  return out;
}
