// Quote PDF benchmark: a quote with 200 lines in 10 sections (equipment with day
// factors, crew, transport; two tax rates) rendered through a started server
// (RenderQuotePdf over Connect), in English and in Arabic. The first PDF starts
// the Chromium process (cold); the following ones reuse it (warm).
//
//   npm run bench:quote-pdf      (= tsc -b server/tsconfig.build.json bench && node bench/dist/quote-pdf.js)
//   BENCH_LINES=200 BENCH_RUNS=10 npm run bench:quote-pdf
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:quote-pdf   (server on a scratch PostgreSQL database)
//
// Prints Markdown and writes bench/results/quote-pdf-<timestamp>.json. Figures
// describe this machine on this run; never gate CI on them.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { PhaseKind, PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { QuoteLineKind, QuoteService } from "@eventkit/api/eventkit/v1/quote_pb.js";
import pg from "pg";
import { median, percentile } from "./load.js";
import { runFacts, writeResults } from "./results.js";
import { admin, startServer, tempDir } from "./server.js";

const lineCount = Number(process.env.BENCH_LINES ?? "200");
const runs = Number(process.env.BENCH_RUNS ?? "10");

function pages(pdf: Uint8Array, dir: string): number {
  const file = join(dir, "quote.pdf");
  writeFileSync(file, pdf);
  try {
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? "0");
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const facts = runFacts();
  const dataDir = tempDir();
  // On PostgreSQL when given (a scratch database, dropped at the end): the embedded one applies every
  // migration in WebAssembly, which on a busy machine can outlast the harness's start-up limit.
  const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const scratch = `eventkit_bench_quote_pdf_${process.pid}`;
  const pgAdmin = adminUrl ? new pg.Client({ connectionString: adminUrl }) : undefined;
  let target: { dataDir: string } | { databaseUrl: string } = { dataDir };
  if (pgAdmin && adminUrl) {
    await pgAdmin.connect();
    await pgAdmin.query(`CREATE DATABASE ${scratch}`);
    const url = new URL(adminUrl);
    url.pathname = `/${scratch}`;
    target = { databaseUrl: url.toString() };
  }
  const server = await startServer(target);
  try {
    const baseUrl = server.url;
    const anonymous = createClient(AuthService, createConnectTransport({ baseUrl, httpVersion: "1.1" }));
    const token = (await anonymous.login({ email: admin.email, password: admin.password })).tokens?.accessToken ?? "";
    const transport = createConnectTransport({
      baseUrl,
      httpVersion: "1.1",
      interceptors: [(next) => (req) => { req.header.set("authorization", `Bearer ${token}`); return next(req); }],
    });
    const planning = createClient(PlanningService, transport);
    const quotes = createClient(QuoteService, transport);
    const start = new Date(Date.now() + 30 * 86_400_000);
    const period = create(TimeRangeSchema, { start: timestampFromDate(start), end: timestampFromDate(new Date(start.getTime() + 3 * 86_400_000)) });
    const { event } = await planning.createEvent({ event: { name: "Benchmark festival", timeZone: "Europe/Berlin", phases: [{ kind: PhaseKind.SHOW, period }] } });
    const lines = Array.from({ length: lineCount }, (_, i) => {
      const kind = i % 10 === 8 ? QuoteLineKind.CREW : i % 10 === 9 ? QuoteLineKind.TRANSPORT : QuoteLineKind.EQUIPMENT;
      return {
        section: `Section ${Math.floor(i / (lineCount / 10)) + 1}`,
        kind,
        description: `${kind === QuoteLineKind.EQUIPMENT ? "Moving head spot" : kind === QuoteLineKind.CREW ? "Lighting technician" : "Truck 7.5 t"} #${i + 1}`,
        unit: kind === QuoteLineKind.CREW ? "h" : kind === QuoteLineKind.TRANSPORT ? "km" : "",
        quantity: 1 + (i % 12),
        days: kind === QuoteLineKind.EQUIPMENT ? 3 : 0,
        factorMilli: kind === QuoteLineKind.EQUIPMENT ? 2000 : 1000,
        unitPriceMinor: BigInt(1500 + i * 37),
        discountBp: i % 7 === 0 ? 1000 : 0,
        taxRateBp: kind === QuoteLineKind.TRANSPORT ? 700 : 1900,
      };
    });
    const results: { language: string; coldMs: number; medianMs: number; p95Ms: number; bytes: number; pages: number }[] = [];
    for (const language of ["en", "ar"]) {
      const created = await quotes.createQuote({ requestId: randomUUID(), eventId: event?.id ?? "", language, currency: "EUR" });
      const quoteId = created.quote?.id ?? "";
      const v = created.version;
      await quotes.updateQuote({
        quoteId,
        version: 1,
        revision: v?.revision ?? 1n,
        draft: { currency: "EUR", language, discountBp: 250, validUntil: v?.validUntil, exchangeRates: v?.exchangeRates, lines },
      });
      const times: number[] = [];
      let last: Uint8Array = new Uint8Array();
      for (let i = 0; i < runs + 1; i++) {
        const t0 = performance.now();
        last = (await quotes.renderQuotePdf({ quoteId })).pdf;
        times.push(performance.now() - t0);
      }
      const [cold = 0, ...warm] = language === "en" ? times : [Number.NaN, ...times.slice(1)];
      const sorted = [...warm].sort((a, b) => a - b);
      results.push({ language, coldMs: cold, medianMs: median(sorted), p95Ms: percentile(sorted, 95), bytes: last.byteLength, pages: pages(last, dataDir) });
    }
    const round = (ms: number) => (Number.isNaN(ms) ? "—" : `${Math.round(ms)} ms`);
    process.stdout.write(`## Quote PDF, ${lineCount} lines (${runs} warm runs each)\n\n${facts.cpu}, ${facts.cores} cores, Node ${facts.node}, commit ${facts.commit}\n\n`);
    process.stdout.write("| language | first PDF (starts Chromium) | warm median | warm p95 | size | pages |\n|---|---|---|---|---|---|\n");
    for (const r of results) process.stdout.write(`| ${r.language} | ${round(r.coldMs)} | ${round(r.medianMs)} | ${round(r.p95Ms)} | ${Math.round(r.bytes / 1024)} kB | ${r.pages} |\n`);
    writeResults("quote-pdf", facts, { lines: lineCount, runs, results });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (pgAdmin) {
      await pgAdmin.query(`DROP DATABASE IF EXISTS ${scratch}`);
      await pgAdmin.end();
    }
  }
}

await main();
