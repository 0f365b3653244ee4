// QuoteService handlers: read the caller, convert, call one service method, convert back.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { EventStatus } from "@eventkit/api/eventkit/v1/planning_pb.js";
import {
  AcceptQuoteResponseSchema,
  CompareQuoteVersionsResponseSchema,
  CreateQuoteResponseSchema,
  DeclineQuoteResponseSchema,
  DeleteRateCurveResponseSchema,
  GetQuoteResponseSchema,
  GetQuoteSettingsResponseSchema,
  ListQuotesResponseSchema,
  ListRateCurvesResponseSchema,
  RenderQuotePdfResponseSchema,
  ReviseQuoteResponseSchema,
  SendQuoteResponseSchema,
  SetRateCurveResponseSchema,
  UpdateQuoteResponseSchema,
  UpdateQuoteSettingsResponseSchema,
  type QuoteService as QuoteApi,
} from "@eventkit/api/eventkit/v1/quote_pb.js";
import type { QuoteService } from "../service/quote.service.js";
import { requestState } from "./context.js";
import { enumValue } from "./inventory.convert.js";
import { shortageToProto } from "./planning.convert.js";
import { curveToProto, diffToProto, draftFromProto, languageOf, quoteToProto, settingsFromProto, settingsToProto, versionToProto } from "./quote.convert.js";

const orAbsent = (id: string): string | undefined => (id === "" ? undefined : id);

export function quoteRpc(service: QuoteService): ServiceImpl<typeof QuoteApi> {
  return {
    async listQuotes(req, ctx) {
      const page = await service.listQuotes(requestState(ctx), {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        eventId: orAbsent(req.eventId),
        dealId: orAbsent(req.dealId),
        companyId: orAbsent(req.companyId),
      });
      return create(ListQuotesResponseSchema, { quotes: page.quotes.map(quoteToProto), nextPageToken: page.nextPageToken });
    },

    async getQuote(req, ctx) {
      const view = await service.getQuote(requestState(ctx), req.quoteId, req.version);
      return create(GetQuoteResponseSchema, { quote: quoteToProto(view.quote), version: versionToProto(view.version) });
    },

    async createQuote(req, ctx) {
      const view = await service.createQuote(requestState(ctx), {
        requestId: req.requestId,
        dealId: orAbsent(req.dealId),
        eventId: orAbsent(req.eventId),
        title: req.title,
        currency: req.currency,
        language: req.language ? languageOf(req.language) : undefined,
        pricesIncludeTax: req.pricesIncludeTax,
        fromPullList: req.fromPullList,
      });
      return create(CreateQuoteResponseSchema, { quote: quoteToProto(view.quote), version: versionToProto(view.version) });
    },

    async updateQuote(req, ctx) {
      const version = await service.updateQuote(requestState(ctx), { quoteId: req.quoteId, version: req.version, revision: Number(req.revision), draft: draftFromProto(req.draft) });
      return create(UpdateQuoteResponseSchema, { version: versionToProto(version) });
    },

    async reviseQuote(req, ctx) {
      const version = await service.reviseQuote(requestState(ctx), { quoteId: req.quoteId, version: req.version });
      return create(ReviseQuoteResponseSchema, { version: versionToProto(version) });
    },

    async sendQuote(req, ctx) {
      const version = await service.sendQuote(requestState(ctx), { quoteId: req.quoteId, version: req.version });
      return create(SendQuoteResponseSchema, { version: versionToProto(version) });
    },

    async acceptQuote(req, ctx) {
      const r = await service.acceptQuote(requestState(ctx), { quoteId: req.quoteId, version: req.version });
      return create(AcceptQuoteResponseSchema, {
        version: versionToProto(r.version),
        eventId: r.eventId ?? "",
        eventStatus: enumValue(EventStatus, r.eventStatus),
        shortages: r.shortages.map(shortageToProto),
      });
    },

    async declineQuote(req, ctx) {
      const version = await service.declineQuote(requestState(ctx), { quoteId: req.quoteId, version: req.version });
      return create(DeclineQuoteResponseSchema, { version: versionToProto(version) });
    },

    async compareQuoteVersions(req, ctx) {
      const r = await service.compareVersions(requestState(ctx), { quoteId: req.quoteId, fromVersion: req.fromVersion, toVersion: req.toVersion });
      return create(CompareQuoteVersionsResponseSchema, { lines: r.lines.map(diffToProto), from: versionToProto(r.from), to: versionToProto(r.to) });
    },

    async renderQuotePdf(req, ctx) {
      const r = await service.renderPdf(requestState(ctx), { quoteId: req.quoteId, version: req.version });
      return create(RenderQuotePdfResponseSchema, { pdf: r.pdf, fileName: r.fileName });
    },

    async getQuoteSettings(_req, ctx) {
      return create(GetQuoteSettingsResponseSchema, { settings: settingsToProto(await service.getSettings(requestState(ctx))) });
    },

    async updateQuoteSettings(req, ctx) {
      const settings = await service.updateSettings(requestState(ctx), settingsFromProto(req.settings));
      return create(UpdateQuoteSettingsResponseSchema, { settings: settingsToProto(settings) });
    },

    async listRateCurves(_req, ctx) {
      return create(ListRateCurvesResponseSchema, { curves: (await service.listRateCurves(requestState(ctx))).map(curveToProto) });
    },

    async setRateCurve(req, ctx) {
      const curve = await service.setRateCurve(requestState(ctx), {
        companyId: orAbsent(req.companyId),
        categoryId: orAbsent(req.categoryId),
        points: req.points.map((p) => ({ days: p.days, factorMilli: p.factorMilli })),
      });
      return create(SetRateCurveResponseSchema, { curve: curveToProto(curve) });
    },

    async deleteRateCurve(req, ctx) {
      await service.deleteRateCurve(requestState(ctx), req.curveId);
      return create(DeleteRateCurveResponseSchema, {});
    },
  };
}
