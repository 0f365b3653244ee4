// Bars on a calendar grid: which days an item covers in a row of days, and
// which lane (line) it takes so overlapping bars never cover each other.
import { daysBetween } from "./dates.js";

export interface DaySpan {
  id: string;
  /** First and last day covered, both included ("YYYY-MM-DD"). */
  first: string;
  last: string;
}

export interface PlacedBar {
  id: string;
  /** 1-based grid column of the first visible day. */
  column: number;
  /** Number of visible days. */
  span: number;
  lane: number;
  /** The item starts before / ends after the visible row. */
  continuesBefore: boolean;
  continuesAfter: boolean;
  /** The visible days, in order. */
  days: string[];
}

/**
 * Places `items` on a row of `length` days starting at `rowStart`: items
 * outside the row are dropped; the rest get the lowest free lane, longest first
 * among items starting the same day (so bars read like a Gantt chart).
 */
export function placeBars(items: readonly DaySpan[], rowStart: string, length: number): PlacedBar[] {
  const visible = items
    .map((item) => {
      const from = Math.max(0, daysBetween(rowStart, item.first));
      const to = Math.min(length - 1, daysBetween(rowStart, item.last));
      return { item, from, to };
    })
    .filter(({ from, to }) => from <= to && to >= 0 && from < length)
    .sort((a, b) => a.from - b.from || b.to - b.from - (a.to - a.from) || a.item.id.localeCompare(b.item.id));
  const laneEnds: number[] = [];
  return visible.map(({ item, from, to }) => {
    let lane = laneEnds.findIndex((end) => end < from);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(to);
    } else {
      laneEnds[lane] = to;
    }
    const days: string[] = [];
    for (let offset = from; offset <= to; offset += 1) {
      const date = new Date(`${rowStart}T00:00:00Z`);
      date.setUTCDate(date.getUTCDate() + offset);
      days.push(date.toISOString().slice(0, 10));
    }
    return {
      id: item.id,
      column: from + 1,
      span: to - from + 1,
      lane,
      continuesBefore: item.first < rowStart,
      continuesAfter: daysBetween(rowStart, item.last) > length - 1,
      days,
    };
  });
}
