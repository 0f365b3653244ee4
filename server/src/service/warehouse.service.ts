// Use cases of the inventory warehouse slice (see rpc/warehouse.rpc.ts):
// bulk stock, cases, kits and maintenance, one service per area behind one
// facade so the composition root builds it from the inventory deps alone.
import { CaseService } from "./case.service.js";
import type { InventoryDeps } from "./inventory.deps.js";
import { KitService } from "./kit.service.js";
import { MaintenanceService } from "./maintenance.service.js";
import { StockService } from "./stock.service.js";

export class WarehouseService {
  readonly stock: StockService;
  readonly cases: CaseService;
  readonly kits: KitService;
  readonly maintenance: MaintenanceService;

  constructor(deps: InventoryDeps) {
    this.stock = new StockService(deps);
    this.cases = new CaseService(deps);
    this.kits = new KitService(deps);
    this.maintenance = new MaintenanceService(deps);
  }
}
