// Turnaround buffers per product group: what each category sets and what it
// ends up with after inheritance. See docs/rules/turnaround-buffers.md.
import { bufferTree, effectiveBuffers, type Buffers } from "./availability.js";
import type { CategoryBuffers } from "./planning.types.js";

export interface CategoryBufferRow {
  id: string;
  name: string;
  parentId: string | null;
  bufferBeforeMinutes: number | null;
  bufferAfterMinutes: number | null;
}

/**
 * Every category with its own buffers (if any) and its effective ones, in
 * tree order (parents before children, siblings in the order given).
 */
export function categoryBuffersView(rows: readonly CategoryBufferRow[], fallback: Buffers): CategoryBuffers[] {
  const { own, parentOf } = bufferTree(rows);
  const children = new Map<string | null, CategoryBufferRow[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: CategoryBuffers[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const effective = effectiveBuffers(r.id, own, parentOf, fallback);
      out.push({ categoryId: r.id, name: r.name, parentId: r.parentId, own: own.get(r.id) ?? null, effective: effective.buffers, fromCategoryId: effective.fromCategoryId });
      visit(r.id);
    }
  };
  visit(null);
  return out;
}
