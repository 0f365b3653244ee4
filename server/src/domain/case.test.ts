import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ancestorsOf, assertNoCaseCycle, bulkAfterUnpack, formatCaseCode } from "./case.js";

function outcome(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("generated case codes", () => {
  it.each([
    [1, "C000001"],
    [123, "C000123"],
    [999999, "C999999"],
    [1234567, "C1234567"],
    [12n, "C000012"],
  ])("%s → %s", (n, code) => {
    expect(formatCaseCode(n)).toBe(code);
  });
});

describe("nesting without cycles", () => {
  // rack ⊂ dolly ⊂ truck
  const parents = new Map<string, string | null>([
    ["truck", null],
    ["dolly", "truck"],
    ["rack", "dolly"],
    ["loose", null],
  ]);

  it.each([
    ["loose", "rack", "ok"],
    ["loose", "truck", "ok"],
    ["rack", "truck", "ok"],
    ["rack", "rack", "CASE_CYCLE"],
    ["truck", "rack", "CASE_CYCLE"],
    ["dolly", "rack", "CASE_CYCLE"],
    ["truck", "dolly", "CASE_CYCLE"],
  ])("%s into %s: %s", (child, parent, expected) => {
    expect(outcome(() => { assertNoCaseCycle(child, parent, ancestorsOf(parent, parents)); return "ok"; })).toBe(expected);
  });

  it("lists ancestors innermost first and stops on a loop", () => {
    expect(ancestorsOf("rack", parents)).toEqual(["dolly", "truck"]);
    expect(ancestorsOf("truck", parents)).toEqual([]);
    expect(ancestorsOf("a", new Map([["a", "b"], ["b", "a"]]))).toEqual(["b"]);
  });

  /** Naive: does walking up from `from` reach `target` within n steps? */
  function reaches(parentOf: ReadonlyMap<string, string | null>, from: string, target: string, n: number): boolean {
    let at: string | null = from;
    for (let i = 0; i <= n && at !== null; i++) {
      if (at === target) return true;
      at = parentOf.get(at) ?? null;
    }
    return false;
  }

  it("accepts exactly the moves that keep the forest acyclic (property)", () => {
    const ids = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
    const op = fc.record({ child: fc.constantFrom(...ids), parent: fc.option(fc.constantFrom(...ids), { nil: null }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const parentOf = new Map<string, string | null>(ids.map((id) => [id, null]));
        for (const { child, parent } of ops) {
          if (parent === null) {
            parentOf.set(child, null);
            continue;
          }
          const wouldLoop = reaches(parentOf, parent, child, ids.length);
          const result = outcome(() => { assertNoCaseCycle(child, parent, ancestorsOf(parent, parentOf)); return "ok"; });
          expect(result).toBe(wouldLoop ? "CASE_CYCLE" : "ok");
          if (result === "ok") parentOf.set(child, parent);
          // Invariant: from every case, walking up ends at the top without revisiting.
          for (const id of ids) {
            const up = ancestorsOf(id, parentOf);
            expect(up).not.toContain(id);
            const top = up.at(-1) ?? id;
            expect(parentOf.get(top)).toBeNull();
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("unpacking bulk", () => {
  it.each([
    [10, 4, 6],
    [10, 10, 0],
    [0, 1, "INVALID_QUANTITY"],
    [3, 4, "INVALID_QUANTITY"],
  ])("%i in the case, %i out: %s", (inCase, remove, expected) => {
    expect(outcome(() => bulkAfterUnpack("p", inCase, remove))).toBe(expected);
  });
});
