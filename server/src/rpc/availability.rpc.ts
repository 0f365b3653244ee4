// InventoryService.CheckAvailability.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { CheckAvailabilityResponseSchema, type InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { AvailabilityService } from "../service/availability.service.js";
import { requestState } from "./context.js";
import { timeRangeFromProto } from "./inventory.convert.js";
import { kitAvailabilityToProto, productAvailabilityToProto } from "./planning.convert.js";

export function availabilityRpc(service: AvailabilityService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {
    async checkAvailability(req, ctx) {
      const range = timeRangeFromProto(req.range);
      if (!range) throw new Error("range reached a handler unvalidated");
      const answer = await service.checkAvailability(requestState(ctx), {
        productIds: req.productIds,
        kitIds: req.kitIds,
        range,
        excludeEventId: req.excludeEventId === "" ? undefined : req.excludeEventId,
      });
      return create(CheckAvailabilityResponseSchema, {
        products: answer.products.map((p) => productAvailabilityToProto(p.productId, p.availability)),
        kits: answer.kits.map((k) => kitAvailabilityToProto(k.kitId, k.minAvailable)),
      });
    },
  };
}
