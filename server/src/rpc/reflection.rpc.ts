// gRPC server reflection (grpc.reflection.v1 and v1alpha), so grpcurl and
// `buf curl --reflect` work without local .proto files. Descriptors come from
// the API image in gen/ (with comments), not from a second schema.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { create, createFileRegistry, fromBinary, toBinary, type DescFile, type FileRegistry, type MessageInitShape } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import type { ServerReflection} from "@eventkit/api/grpc/reflection/v1/reflection_pb.js";
import { type ServerReflectionRequest, ServerReflectionResponseSchema } from "@eventkit/api/grpc/reflection/v1/reflection_pb.js";

export function loadApiImage(): FileRegistry {
  const path = createRequire(import.meta.url).resolve("@eventkit/api/api.binpb");
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(path)));
}

const notFound = 5;

function fileOfSymbol(registry: FileRegistry, symbol: string): DescFile | undefined {
  // Symbols may name a method or field ("pkg.Service.Method"): walk up until a type matches.
  for (let name = symbol; name.includes("."); name = name.slice(0, name.lastIndexOf("."))) {
    const desc = registry.get(name);
    if (desc) return desc.file;
  }
  return undefined;
}

/** The reflection service for `serviceNames`; one implementation serves v1 and v1alpha (same messages). */
type Answer = MessageInitShape<typeof ServerReflectionResponseSchema>["messageResponse"];

export function reflectionRpc(registry: FileRegistry, serviceNames: readonly string[]): ServiceImpl<typeof ServerReflection> {
  function answer(req: ServerReflectionRequest, sent: Set<string>): Answer {
    const withDependencies = (file: DescFile | undefined): Answer => {
      if (!file) return { case: "errorResponse", value: { errorCode: notFound, errorMessage: "not found" } };
      // Send the file and every dependency this stream has not sent yet, as grpc-go does.
      const out: Uint8Array[] = [];
      const visit = (f: DescFile, first: boolean) => {
        if (!first && sent.has(f.proto.name)) return;
        sent.add(f.proto.name);
        out.push(toBinary(FileDescriptorProtoSchema, create(FileDescriptorProtoSchema, f.proto)));
        f.dependencies.forEach((d) => { visit(d, false); });
      };
      visit(file, true);
      return { case: "fileDescriptorResponse", value: { fileDescriptorProto: out } };
    };
    const request = req.messageRequest;
    switch (request.case) {
      case "listServices":
        return { case: "listServicesResponse", value: { service: serviceNames.map((name) => ({ name })) } };
      case "fileByFilename":
        return withDependencies(registry.getFile(request.value));
      case "fileContainingSymbol":
        return withDependencies(fileOfSymbol(registry, request.value));
      case "fileContainingExtension": {
        const message = registry.getMessage(request.value.containingType);
        const extension = message && registry.getExtensionFor(message, request.value.extensionNumber);
        return withDependencies(extension?.file);
      }
      case "allExtensionNumbersOfType": {
        const type = request.value;
        if (!registry.getMessage(type)) return { case: "errorResponse", value: { errorCode: notFound, errorMessage: `type ${type} not found` } };
        const numbers = [...registry].filter((d) => d.kind === "extension" && d.extendee.typeName === type).map((d) => (d.kind === "extension" ? d.number : 0));
        return { case: "allExtensionNumbersResponse", value: { baseTypeName: type, extensionNumber: numbers } };
      }
      default:
        return { case: "errorResponse", value: { errorCode: 3, errorMessage: "unsupported request" } };
    }
  }

  return {
    async *serverReflectionInfo(requests) {
      const sent = new Set<string>();
      for await (const req of requests) {
        yield create(ServerReflectionResponseSchema, { validHost: req.host, originalRequest: req, messageResponse: answer(req, sent) });
      }
    },
  };
}
