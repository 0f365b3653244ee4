// Field-mask-aware request validation: an update names the fields it changes,
// so only those fields' protovalidate rules apply; the rest may be left empty.
import type { DescField, DescMessage, MessageShape } from "@bufbuild/protobuf";
import { buildPath, type Path } from "@bufbuild/protobuf/reflect";
import { createValidator, Violation } from "@bufbuild/protovalidate";
import { validationError } from "./errors.js";

const validator = createValidator();

/** "dimensions.weight_grams" for a violation on that field; list and map items count as their field. */
function dottedPath(path: Path): string {
  return path.flatMap((item) => (item.kind === "field" ? [item.name] : [])).join(".");
}

/** A path is masked when the mask names it, one of its parents, one of its children, or "*". */
function masked(path: string, mask: readonly string[]): boolean {
  return mask.some((m) => m === "*" || m === path || path.startsWith(`${m}.`) || m.startsWith(`${path}.`));
}

/**
 * Validates `message` (the value of `field` in the request `parent`) against its
 * rules, keeping only violations on masked paths; throws InvalidArgument with
 * the violations' paths from the request's root, as the validation interceptor does.
 */
export function validateMasked<M extends DescMessage>(parent: DescMessage, field: DescField, schema: M, message: MessageShape<M>, mask: readonly string[]): void {
  const result = validator.validate(schema, message);
  if (result.kind === "valid") return;
  if (result.kind === "error") throw result.error;
  const kept = result.violations.filter((v) => masked(dottedPath(v.field), mask));
  if (kept.length === 0) return;
  const rooted = kept.map((v) => new Violation(v.message, v.ruleId, buildPath(parent).field(field).add(v.field).toPath(), v.rule, v.forKey));
  throw validationError(rooted);
}
