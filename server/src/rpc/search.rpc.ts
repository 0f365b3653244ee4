// InventoryService handlers of the search slice: the search box, scanned codes, label sheets.
import type { ServiceImpl } from "@connectrpc/connect";
import type { InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { SearchService } from "../service/search.service.js";
import { requestState as call } from "./context.js";
import { searchHitToProto } from "./inventory.convert.js";
import { labelLayoutFromProto, resolvedCodeToProto, searchKindsFromProto, symbologyFromProto } from "./search.convert.js";

export function searchRpc(service: SearchService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {
    async search(req, ctx) {
      const hits = await service.search(call(ctx), { query: req.query, kinds: searchKindsFromProto(req.kinds), limit: req.limit });
      return { hits: hits.map(searchHitToProto) };
    },
    async resolveCode(req, ctx) {
      return resolvedCodeToProto(await service.resolveCode(call(ctx), req.code));
    },
    async renderLabels(req, ctx) {
      const rendered = await service.renderLabels(call(ctx), {
        assetIds: req.assetIds,
        caseIds: req.caseIds,
        layout: labelLayoutFromProto(req.layout),
        symbology: symbologyFromProto(req.symbology),
      });
      return { pdf: rendered.pdf, labelCount: rendered.labelCount };
    },
  };
}
