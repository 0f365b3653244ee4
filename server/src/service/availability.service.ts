// Availability of products and kits over a period (InventoryService.CheckAvailability), shared by planning.
import type { InventoryDeps } from "./inventory.deps.js";

export class AvailabilityService {
  constructor(protected readonly deps: InventoryDeps) {}
}
