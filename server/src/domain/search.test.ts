import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  editDistance,
  highlight,
  hitScore,
  likePrefix,
  needsFuzzy,
  normalizeQuery,
  rankCandidates,
  tagNumberPattern,
  tsQueryText,
  type SearchCandidate,
} from "./search.js";

describe("normalizeQuery", () => {
  it.each([
    ["  Moving   HEAD ", "moving head", ["moving", "head"]],
    ["LX-0001", "lx-0001", ["lx-0001"]],
    ["ＳＭ５８", "sm58", ["sm58"]], // full-width forms (NFKC)
    ["a\tb\nc", "a b c", ["a", "b", "c"]],
    ["x\u0000y", "x y", ["x", "y"]],
    ["   ", "", []],
    ["1 2 3 4 5 6 7 8 9 10 11 12", "1 2 3 4 5 6 7 8 9 10", ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]],
  ])("%j → %j", (raw, text, words) => {
    expect(normalizeQuery(raw)).toEqual({ text, words });
  });
});

describe("tsQueryText", () => {
  it.each([
    [["moving", "hea"], "'moving' & 'hea':*"],
    [["sm58"], "'sm58':*"],
    [["it's"], "'it''s':*"],
    [["a\\b", "&|!"], "'a\\\\b' & '&|!':*"],
    [[], ""],
  ])("%j → %s", (words, expected) => {
    expect(tsQueryText(words)).toBe(expected);
  });
});

describe("LIKE patterns", () => {
  it.each([
    ["lx-00", "lx-00%"],
    ["50%_off", "50\\%\\_off%"],
    ["a\\b", "a\\\\b%"],
  ])("prefix of %s", (text, pattern) => {
    expect(likePrefix(text)).toBe(pattern);
  });
  it.each([
    ["1234", "%1234%"],
    ["001234", "%001234%"],
    ["123", undefined],
    ["lx-1234", undefined],
  ])("tag number %s", (text, pattern) => {
    expect(tagNumberPattern(text)).toBe(pattern);
  });
});

describe("editDistance", () => {
  it.each([
    ["head", "head", 0],
    ["haed", "head", 1], // swapped neighbours count once
    ["hed", "head", 1],
    ["sennhieser", "sennheiser", 1],
    ["megapiont", "megapointe", 2],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
  ])("%s → %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe("highlight", () => {
  it.each([
    ["Moving Head Spot 575", ["moving", "head"], "«Moving Head» Spot 575"],
    ["Moving Head Spot 575", ["moving", "haed"], "«Moving Head» Spot 575"],
    ["Robe MegaPointe", ["megap"], "Robe «MegaP»ointe"],
    ["Robe MegaPointe", ["megapiont"], "Robe «MegaPointe»"],
    ["Shure SM58", ["sm58"], "Shure «SM58»"],
    ["LX-001234", ["lx-0012"], "«LX-0012»34"],
    ["LX-001234", ["1234"], "LX-00«1234»"],
    ["LX-001234", ["123"], "LX-001234"], // short numbers only at a word start
    ["Socapex 19-pin 25m", ["socapex", "25m"], "«Socapex» 19-pin «25m»"],
    ["Café Lights", ["cafe"], "«Café» Lights"],
    ["Ünterbau", ["unter"], "«Ünter»bau"],
    ["Amp Rack 1", ["rack", "amp"], "«Amp Rack» 1"],
    ["Spot", ["x"], "Spot"],
    ["Par LED", ["par"], "«Par» LED"],
    ["Spot", ["sopt"], "«Spot»"],
    ["Pot", ["pto"], "Pot"], // three letters: no typo allowed, too many false marks
    ["Gaffa tape 😀 black", ["black"], "Gaffa tape 😀 «black»"],
  ])("%s with %j → %s", (title, words, expected) => {
    expect(highlight(title, words)).toBe(expected);
  });

  it("never changes the title, only adds balanced marks", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !/[«»]/.test(s)), fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), (title, words) => {
        const out = highlight(title, normalizeQuery(words.join(" ")).words);
        expect(out.replace(/[«»]/g, "")).toBe(title);
        const marks = out.replace(/[^«»]/g, "");
        expect(marks).toMatch(/^(«»)*$/);
      }),
    );
  });
});

function candidate(overrides: Partial<SearchCandidate>): SearchCandidate {
  return { kind: "PRODUCT", id: "p1", code: "P1", title: "Thing", subtitle: "", tier: "TEXT", score: 0.5, ...overrides };
}

describe("rankCandidates", () => {
  const query = normalizeQuery("moving head");

  it("ranks exact over full-text over fuzzy, whatever the scores", () => {
    const hits = rankCandidates(
      [
        candidate({ id: "fuzzy", tier: "FUZZY", score: 0.99 }),
        candidate({ id: "text", tier: "TEXT", score: 0.01 }),
        candidate({ id: "exact", tier: "EXACT", score: 0 }),
      ],
      query,
      20,
    );
    expect(hits.map((h) => h.id)).toEqual(["exact", "text", "fuzzy"]);
    expect(hits.map((h) => h.score)).toEqual([hitScore("EXACT", 0), hitScore("TEXT", 0.01), hitScore("FUZZY", 0.99)]);
  });

  it("keeps one hit per thing, at its best match", () => {
    const hits = rankCandidates(
      [candidate({ id: "a", tier: "FUZZY", score: 0.9 }), candidate({ id: "a", tier: "TEXT", score: 0.2 }), candidate({ kind: "KIT", id: "a", tier: "FUZZY", score: 0.5 })],
      query,
      20,
    );
    expect(hits.map((h) => [h.kind, h.id, h.score])).toEqual([
      ["PRODUCT", "a", hitScore("TEXT", 0.2)],
      ["KIT", "a", hitScore("FUZZY", 0.5)],
    ]);
  });

  it("orders by score, then shorter titles, then title, and cuts at the limit", () => {
    const hits = rankCandidates(
      [
        candidate({ id: "1", title: "Moving Head Spot 575 Extra", score: 0.5 }),
        candidate({ id: "2", title: "Moving Head Spot", score: 0.5 }),
        candidate({ id: "3", title: "Moving Head Beam", score: 0.5 }),
        candidate({ id: "4", title: "Moving Head", score: 0.7 }),
      ],
      query,
      3,
    );
    expect(hits.map((h) => h.id)).toEqual(["4", "3", "2"]);
  });

  it("marks exact code hits and highlights titles", () => {
    const [hit] = rankCandidates([candidate({ kind: "ASSET", id: "x", code: "LX-0001", title: "LX-0001", tier: "EXACT", score: 1 })], normalizeQuery("lx-0001"), 20);
    expect(hit).toMatchObject({ exact: true, highlight: "«LX-0001»", kind: "ASSET" });
    const [other] = rankCandidates([candidate({ code: "MH-575", title: "Moving Head Spot 575" })], query, 20);
    expect(other).toMatchObject({ exact: false, highlight: "«Moving Head» Spot 575" });
  });

  it("is sorted, unique and within the limit for any input", () => {
    const arbitraryCandidate = fc.record({
      kind: fc.constantFrom("PRODUCT" as const, "ASSET" as const, "CASE" as const, "KIT" as const),
      id: fc.constantFrom("a", "b", "c", "d", "e"),
      code: fc.string({ maxLength: 5 }),
      title: fc.string({ maxLength: 10 }).filter((s) => !/[«»]/.test(s)),
      subtitle: fc.constant(""),
      tier: fc.constantFrom("EXACT" as const, "TEXT" as const, "FUZZY" as const),
      score: fc.double({ min: -1, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryCandidate, { maxLength: 30 }), fc.integer({ min: 0, max: 25 }), (candidates, limit) => {
        const hits = rankCandidates(candidates, query, limit);
        expect(hits.length).toBeLessThanOrEqual(limit);
        expect(new Set(hits.map((h) => `${h.kind}:${h.id}`)).size).toBe(hits.length);
        for (let i = 1; i < hits.length; i += 1) expect((hits[i - 1]?.score ?? 0) >= (hits[i]?.score ?? 0)).toBe(true);
        for (const hit of hits) expect(hit.score >= 1 && hit.score < 4).toBe(true);
      }),
    );
  });
});

describe("needsFuzzy", () => {
  const words = normalizeQuery("moving haed");
  it("is needed until the page is full of distinct hits", () => {
    const twice = [candidate({ id: "a" }), candidate({ id: "a", tier: "FUZZY" })];
    expect(needsFuzzy([], words, 2)).toBe(true);
    expect(needsFuzzy(twice, words, 2)).toBe(true);
    expect(needsFuzzy([...twice, candidate({ id: "b" })], words, 2)).toBe(false);
  });
  it("is not needed after an exact code hit", () => {
    expect(needsFuzzy([candidate({ tier: "EXACT" })], words, 20)).toBe(false);
  });
  it.each([
    ["04211", false],
    ["lx-0042", false],
    ["sm5", false],
    ["shu", true],
    ["ünt", true],
  ])("for %j: %s", (query, needed) => {
    expect(needsFuzzy([], normalizeQuery(query), 20)).toBe(needed);
  });
});
