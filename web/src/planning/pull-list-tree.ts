// Pull-list lines as the editor shows them: per section, top-level lines in
// list order, each followed by its kit components and accessories (nested).
import { LineKind, type PullListLine, type PullListSection } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { isSubHire } from "./labels.js";

export interface LineNode {
  line: PullListLine;
  depth: number;
  /** A component of a kit header (not an accessory). */
  component: boolean;
  /** Lines nested under this one (components, accessories), at any depth. */
  descendants: number;
}

export interface SectionGroup {
  section: PullListSection;
  nodes: LineNode[];
  lines: number;
  short: number;
}

function byPosition(a: { position: number }, b: { position: number }): number {
  return a.position - b.position;
}

export function groupPullList(sections: readonly PullListSection[], lines: readonly PullListLine[]): SectionGroup[] {
  const ids = new Set(lines.map((line) => line.id));
  const children = new Map<string, PullListLine[]>();
  const roots = new Map<string, PullListLine[]>();
  for (const line of lines) {
    if (line.parentLineId && ids.has(line.parentLineId)) {
      children.set(line.parentLineId, [...(children.get(line.parentLineId) ?? []), line]);
    } else {
      roots.set(line.sectionId, [...(roots.get(line.sectionId) ?? []), line]);
    }
  }
  const walk = (line: PullListLine, depth: number, parent: PullListLine | undefined, out: LineNode[]): number => {
    const node: LineNode = { line, depth, component: parent?.kind === LineKind.KIT && !line.accessory, descendants: 0 };
    out.push(node);
    const kids = [...(children.get(line.id) ?? [])].sort(byPosition);
    for (const kid of kids) node.descendants += 1 + walk(kid, depth + 1, line, out);
    return node.descendants;
  };
  return [...sections].sort(byPosition).map((section) => {
    const nodes: LineNode[] = [];
    for (const root of [...(roots.get(section.id) ?? [])].sort(byPosition)) walk(root, 0, undefined, nodes);
    return {
      section,
      nodes,
      lines: nodes.length,
      short: nodes.filter((node) => node.line.shortage > 0).length,
    };
  });
}

/** A line that a sub-hire can cover: a product (also a kit component or accessory) from own stock, short. */
export function canCoverWithSubHire(line: PullListLine): boolean {
  return line.shortage > 0 && line.kind === LineKind.PRODUCT && !isSubHire(line.source) && line.productId !== "";
}
