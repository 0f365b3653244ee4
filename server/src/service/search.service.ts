// Use cases of the inventory search slice (see rpc/search.rpc.ts): the search
// box, what a scanned code is, and label sheets.
import type { LabelItem, LabelLayout, Symbology } from "../domain/labels.js";
import type { ResolvedCode, SearchHit, SearchHitKind } from "../domain/inventory.js";
import { InventoryError } from "../domain/inventory.errors.js";
import { defaultSearchLimit, likePrefix, needsFuzzy, normalizeQuery, rankCandidates, tagNumberPattern, tsQueryText } from "../domain/search.js";
import { findAsset } from "../store/asset.store.js";
import { findCaseById } from "../store/case.store.js";
import { findKitById } from "../store/kit.store.js";
import { findLocation } from "../store/location.store.js";
import { findProduct } from "../store/product.store.js";
import * as store from "../store/search.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { InventoryDeps } from "./inventory.deps.js";
import { renderLabelSheet } from "./labels.pdf.js";

const allKinds: readonly SearchHitKind[] = ["PRODUCT", "ASSET", "CASE", "KIT"];

// pg_trgm thresholds: whole-name similarity as pg_trgm's default; a similar
// stretch inside a name a little below its default 0.6, so that two typos in
// one word ("megapiont" → "MegaPointe", "sennhieser" → "Sennheiser") still match.
const similarityThreshold = 0.3;
const wordSimilarityThreshold = 0.45;

export interface SearchInput {
  query: string;
  /** Empty: every kind. */
  kinds: readonly SearchHitKind[];
  /** 0: the default (20). */
  limit: number;
}

export interface RenderLabelsInput {
  assetIds: readonly string[];
  caseIds: readonly string[];
  layout: LabelLayout;
  symbology: Symbology;
}

export interface RenderedLabels {
  pdf: Uint8Array;
  labelCount: number;
}

export class SearchService {
  constructor(protected readonly deps: InventoryDeps) {}

  /** Exact code hits, then full-text, then typo-tolerant matches. See domain/search.ts for the order. */
  async search(ctx: CallContext, input: SearchInput): Promise<SearchHit[]> {
    requirePermission(ctx, "inventory.read");
    const query = normalizeQuery(input.query);
    if (query.text === "") return [];
    const limit = input.limit > 0 ? input.limit : defaultSearchLimit;
    const kinds = new Set(input.kinds.length > 0 ? input.kinds : allKinds);
    const found = await store.findCodeAndTextCandidates(this.deps.db, {
      text: query.text,
      tsQuery: tsQueryText(query.words),
      codePrefix: likePrefix(query.text),
      tagNumber: tagNumberPattern(query.text),
      kinds,
      limit,
    });
    if (needsFuzzy(found, query, limit)) {
      // A transaction of its own: the trigram settings hold for it alone. Read-only
      // work, so the code hits above need not share its snapshot.
      const fuzzy = await this.deps.db.transaction().execute(async (tx) => {
        await store.prepareFuzzyMatching(tx, similarityThreshold, wordSimilarityThreshold);
        return store.findFuzzyCandidates(tx, { text: query.text, kinds, limit });
      });
      found.push(...fuzzy);
    }
    return rankCandidates(found, query, limit);
  }

  /** What a scanned code is: one lookup in the scan-code registry, then the thing it names. */
  async resolveCode(ctx: CallContext, code: string): Promise<ResolvedCode> {
    requirePermission(ctx, "inventory.read");
    const wanted = code.trim();
    const target = wanted === "" ? undefined : await store.findScanCode(this.deps.db, wanted);
    const resolved = target ? await this.loadTarget(target) : undefined;
    // Gone between the lookup and the load (deleted meanwhile) reads as unknown.
    if (!resolved) throw new InventoryError("CODE_NOT_FOUND", "no asset, case, product, kit or location has this code", { code: wanted });
    return resolved;
  }

  private async loadTarget(target: store.ScanCodeTarget): Promise<ResolvedCode | undefined> {
    const { db } = this.deps;
    switch (target.kind) {
      case "ASSET": {
        const asset = await findAsset(db, target.targetId);
        return asset && { kind: "ASSET", asset };
      }
      case "CASE": {
        const found = await findCaseById(db, target.targetId);
        return found && { kind: "CASE", case: found };
      }
      case "PRODUCT": {
        const product = await findProduct(db, target.targetId);
        return product && { kind: "PRODUCT", product };
      }
      case "KIT": {
        const kit = await findKitById(db, target.targetId);
        return kit && { kind: "KIT", kit };
      }
      case "LOCATION": {
        const location = await findLocation(db, target.targetId);
        return location && { kind: "LOCATION", location };
      }
    }
  }

  /** A PDF of labels: the assets in the order asked, then the cases. Unknown ids are refused, naming the first. */
  async renderLabels(ctx: CallContext, input: RenderLabelsInput): Promise<RenderedLabels> {
    requirePermission(ctx, "inventory.read");
    const [assets, cases] = await Promise.all([store.listAssetLabels(this.deps.db, input.assetIds), store.listCaseLabels(this.deps.db, input.caseIds)]);
    const assetById = new Map(assets.map((a) => [a.id, a]));
    const caseById = new Map(cases.map((c) => [c.id, c]));
    const items: LabelItem[] = [];
    for (const id of input.assetIds) {
      const asset = assetById.get(id);
      if (!asset) throw new InventoryError("ASSET_NOT_FOUND", "asset not found", { id });
      items.push({ code: asset.tag, title: asset.productName });
    }
    for (const id of input.caseIds) {
      const found = caseById.get(id);
      if (!found) throw new InventoryError("CASE_NOT_FOUND", "case not found", { id });
      items.push({ code: found.code, title: found.name });
    }
    const pdf = await renderLabelSheet(items, { layout: input.layout, symbology: input.symbology, createdAt: this.deps.now() });
    return { pdf, labelCount: items.length };
  }
}
