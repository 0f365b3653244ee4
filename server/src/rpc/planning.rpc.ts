// PlanningService handlers.
import type { ServiceImpl } from "@connectrpc/connect";
import type { PlanningService as PlanningApi } from "@eventkit/api/eventkit/v1/planning_pb.js";
import type { PlanningService } from "../service/planning.service.js";

export function planningRpc(_service: PlanningService): Partial<ServiceImpl<typeof PlanningApi>> {
  return {};
}
