// Use cases of PlanningService (see rpc/planning.rpc.ts).
import type { InventoryDeps } from "./inventory.deps.js";

export class PlanningService {
  constructor(protected readonly deps: InventoryDeps) {}
}
