// InventoryService.CheckAvailability.
import type { ServiceImpl } from "@connectrpc/connect";
import type { InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { AvailabilityService } from "../service/availability.service.js";

export function availabilityRpc(_service: AvailabilityService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {};
}
