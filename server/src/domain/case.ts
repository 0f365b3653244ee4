// Rules of cases: generated codes and nesting without cycles.
// See docs/rules/cases-no-cycles.md.
import { InventoryError } from "./inventory.errors.js";

/** A generated case code: "C" and the sequence number, at least six digits ("C000123"). */
export function formatCaseCode(sequence: number | bigint): string {
  return `C${String(sequence).padStart(6, "0")}`;
}

/**
 * A case may go inside `parentId` only if it is neither that case nor one of
 * its ancestors; otherwise it would end up inside itself.
 * `ancestorsOfParent` lists the parent's ancestors (any order).
 * See docs/rules/cases-no-cycles.md.
 */
export function assertNoCaseCycle(childId: string, parentId: string, ancestorsOfParent: readonly string[]): void {
  if (childId === parentId || ancestorsOfParent.includes(childId)) {
    throw new InventoryError("CASE_CYCLE", "a case cannot be put inside itself or inside a case it contains", { caseId: childId, parentCaseId: parentId });
  }
}

/** The cases `id` sits in, innermost first, from a parent map. Stops on a loop rather than spinning. */
export function ancestorsOf(id: string, parentOf: ReadonlyMap<string, string | null>): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  let next = parentOf.get(id) ?? null;
  while (next !== null && !seen.has(next)) {
    out.push(next);
    seen.add(next);
    next = parentOf.get(next) ?? null;
  }
  return out;
}

/** Bulk left in a case after taking `remove` units out; taking more than it holds is refused. */
export function bulkAfterUnpack(productId: string, inCase: number, remove: number): number {
  if (remove > inCase) {
    throw new InventoryError("INVALID_QUANTITY", `the case holds ${inCase} units of this product, ${remove} requested`, { productId, inCase: String(inCase), requested: String(remove) });
  }
  return inCase - remove;
}
