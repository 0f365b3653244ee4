import { useQuery } from "@connectrpc/connect-query";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { inventoryPaths } from "./paths.js";
import { AppLink, CodeText } from "./ui.js";

/** A link to a case by its code (one cached lookup per case, shared by every row that shows it). */
export function CaseLink({ caseId }: { caseId: string }) {
  const found = useQuery(InventoryService.method.getCase, { caseId }, { staleTime: 60_000 });
  const item = found.data?.case;
  return (
    <AppLink to={inventoryPaths.case(caseId)}>
      {item ? (
        <>
          <CodeText>{item.code}</CodeText>
          {item.name ? ` · ${item.name}` : ""}
        </>
      ) : (
        <CodeText>{`${caseId.slice(0, 8)}…`}</CodeText>
      )}
    </AppLink>
  );
}
