// proto ⇄ domain for the search slice: search kinds, resolved codes, label options.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { LabelLayout, SearchHitKind, Symbology, type ResolveCodeResponseSchema } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { ResolvedCode, SearchHitKind as DomainSearchHitKind } from "../domain/inventory.js";
import type { LabelLayout as DomainLabelLayout, Symbology as DomainSymbology } from "../domain/labels.js";
import { assetToProto, caseToProto, enumName, kitToProto, locationToProto, productToProto } from "./inventory.convert.js";

/** A defined enum value's domain name; the validation interceptor has already refused UNSPECIFIED and unknown values. */
function required(enumObject: Record<string, number | string>, value: number, field: string): string {
  const name = enumName(enumObject, value);
  if (name === undefined) throw new Error(`${field} passed validation unset`);
  return name;
}

export function searchKindsFromProto(kinds: readonly SearchHitKind[]): DomainSearchHitKind[] {
  return kinds.map((kind) => required(SearchHitKind, kind, "kinds") as DomainSearchHitKind);
}

export function labelLayoutFromProto(layout: LabelLayout): DomainLabelLayout {
  return required(LabelLayout, layout, "layout") as DomainLabelLayout;
}

export function symbologyFromProto(symbology: Symbology): DomainSymbology {
  return required(Symbology, symbology, "symbology") as DomainSymbology;
}

export function resolvedCodeToProto(resolved: ResolvedCode): MessageInitShape<typeof ResolveCodeResponseSchema> {
  switch (resolved.kind) {
    case "ASSET":
      return { target: { case: "asset", value: assetToProto(resolved.asset) } };
    case "CASE":
      return { target: { case: "case", value: caseToProto(resolved.case) } };
    case "PRODUCT":
      return { target: { case: "product", value: productToProto(resolved.product) } };
    case "KIT":
      return { target: { case: "kit", value: kitToProto(resolved.kit) } };
    case "LOCATION":
      return { target: { case: "location", value: locationToProto(resolved.location) } };
  }
}
