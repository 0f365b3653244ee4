// Builds the API image and the generated TypeScript from proto/, offline.
//
//   node scripts/proto.mjs generate   write gen/api.binpb and gen/src/
//   node scripts/proto.mjs check      buf lint, buf breaking against main, and fail if gen/ is stale
//
// buf/validate/validate.proto is not shipped as source by any npm package, and
// buf cannot import from a descriptor set, so protoc compiles the image with the
// descriptors @bufbuild/protovalidate embeds (--descriptor_set_in); buf then
// lints, checks breaking changes and generates from that image.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { file_buf_validate_validate } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";

const root = new URL("..", import.meta.url).pathname;
const buf = join(root, "node_modules/.bin/buf");
const reflectionProtos = join(root, "node_modules/grpc-js-reflection-client/proto");

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"], ...opts });
}

/** FileDescriptorSet of buf/validate/validate.proto; google/protobuf/* come from protoc's own includes. */
function validateDescriptorSet() {
  const files = [];
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file.name) || file.name.startsWith("google/protobuf/")) return;
    seen.add(file.name);
    file.dependencies.forEach(visit);
    files.push(file.proto);
  };
  visit(file_buf_validate_validate);
  return toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files }));
}

function listProtos(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith(".proto"))
    .map((f) => relative(dir, join(dir, String(f))))
    .sort();
}

/** Compiles the image and generates TypeScript into `outDir` (gen/ or a scratch copy). */
function generate(outDir) {
  const work = mkdtempSync(join(tmpdir(), "eventkit-proto-"));
  try {
    writeFileSync(join(work, "validate.binpb"), validateDescriptorSet());
    const third = join(work, "include");
    for (const v of ["v1", "v1alpha"]) {
      mkdirSync(join(third, "grpc/reflection", v), { recursive: true });
      cpSync(join(reflectionProtos, `${v}.proto`), join(third, "grpc/reflection", v, "reflection.proto"));
    }
    const ours = listProtos(join(root, "proto"));
    mkdirSync(outDir, { recursive: true });
    const image = join(outDir, "api.binpb");
    run("protoc", [
      `--descriptor_set_in=${join(work, "validate.binpb")}`,
      "-Iproto",
      `-I${third}`,
      "--include_imports",
      "--include_source_info",
      `-o${image}`,
      ...ours,
      "grpc/reflection/v1/reflection.proto",
      "grpc/reflection/v1alpha/reflection.proto",
    ]);
    const template = readFileSync(join(root, "buf.gen.yaml"), "utf8").replace("out: gen/src", `out: ${join(outDir, "src")}`);
    run(buf, ["generate", image, "--template", template, "--path", "eventkit", "--path", "grpc/reflection"]);
    return image;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function lint(image) {
  // buf.yaml's rules, applied to our files of the image (the image also holds imports).
  run(buf, ["lint", image, "--config", "{version: v2, lint: {use: [STANDARD]}}", "--path", "eventkit"], { stdio: "inherit" });
}

/** The committed image of the base revision: main, or the previous commit when on main itself. */
function baseImage() {
  let base = process.env.BUF_BREAKING_AGAINST;
  try {
    if (!base) {
      const branch = run("git", ["rev-parse", "--abbrev-ref", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
      base = branch === "main" ? "HEAD~1" : "main";
    }
    return { base, bytes: run("git", ["show", `${base}:gen/api.binpb`], { stdio: ["ignore", "pipe", "ignore"] }) };
  } catch {
    return { base, bytes: undefined };
  }
}

function breaking(image) {
  const { base, bytes } = baseImage();
  if (!bytes) {
    console.log(`buf breaking: ${base ?? "HEAD"} has no gen/api.binpb yet; nothing to compare`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "eventkit-base-"));
  try {
    writeFileSync(join(dir, "base.binpb"), bytes);
    run(buf, ["breaking", image, "--against", join(dir, "base.binpb"), "--path", "eventkit", "--against-config", "{version: v2, breaking: {use: [FILE]}}", "--config", "{version: v2, breaking: {use: [FILE]}}"], { stdio: "inherit" });
    console.log(`buf breaking: no breaking change against ${base}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Two copies of the protobuf runtime break `instanceof` and registries between packages: exactly one is allowed. */
function singleRuntime() {
  const tree = JSON.parse(run("npm", ["ls", "@bufbuild/protobuf", "--all", "--json"], { stdio: ["ignore", "pipe", "ignore"] }).toString());
  const versions = new Set();
  const walk = (node) => {
    for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
      if (name === "@bufbuild/protobuf") versions.add(dep.version);
      walk(dep);
    }
  };
  walk(tree);
  if (versions.size !== 1) {
    console.error(`@bufbuild/protobuf must be installed once; found ${[...versions].join(", ")}: pin it and @bufbuild/protoc-gen-es to the same version`);
    process.exit(1);
  }
}

function check() {
  singleRuntime();
  const scratch = mkdtempSync(join(tmpdir(), "eventkit-gen-"));
  try {
    const image = generate(scratch);
    lint(image);
    breaking(image);
    try {
      run("diff", ["-r", join(scratch, "src"), join(root, "gen/src")], { stdio: "inherit" });
      run("cmp", [join(scratch, "api.binpb"), join(root, "gen/api.binpb")], { stdio: "inherit" });
    } catch {
      console.error("gen/ is not what proto/ generates: run `npm run proto:generate` and commit the result");
      process.exit(1);
    }
    console.log("proto: lint ok, generated code up to date");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const command = process.argv[2];
if (command === "generate") {
  generate(join(root, "gen"));
} else if (command === "check") {
  check();
} else {
  console.error("usage: node scripts/proto.mjs generate|check");
  process.exit(2);
}
