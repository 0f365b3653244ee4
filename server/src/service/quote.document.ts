// The quote document as HTML, in the version's language (en, de, ar — Arabic
// right to left): letterhead with logo and the instance's company details, the
// client, the event and its dates, sections with lines, totals per section and
// per tax rate, and the terms. Printed to PDF by quote.pdf.ts.
import { formatMinor, minorDigits } from "../domain/currency.js";
import type { PlanningEvent } from "../domain/planning.types.js";
import type { QuoteHeader, QuoteLanguage, QuoteSettings } from "../domain/quote.js";
import type { QuoteVersionView } from "./quote.service.js";

const labels = {
  en: {
    title: "Quote", number: "Quote no.", version: "Version", date: "Date", validUntil: "Valid until", client: "Client", event: "Event", dates: "Dates",
    pos: "Pos.", description: "Description", qty: "Qty", days: "Days", factor: "Factor", unitPrice: "Unit price", discount: "Disc.", amount: "Amount",
    sectionTotal: "Total", subtotal: "Subtotal", quoteDiscount: "Discount", net: "Net", tax: "Tax", total: "Total", terms: "Terms",
    pricesNet: "Prices are net, plus tax.", pricesGross: "Prices include tax.", taxId: "VAT ID", ofWhichTax: "of which tax", general: "General",
  },
  de: {
    title: "Angebot", number: "Angebotsnr.", version: "Version", date: "Datum", validUntil: "Gültig bis", client: "Kunde", event: "Veranstaltung", dates: "Zeitraum",
    pos: "Pos.", description: "Beschreibung", qty: "Menge", days: "Tage", factor: "Faktor", unitPrice: "Einzelpreis", discount: "Rabatt", amount: "Betrag",
    sectionTotal: "Summe", subtotal: "Zwischensumme", quoteDiscount: "Rabatt", net: "Netto", tax: "MwSt.", total: "Gesamtbetrag", terms: "Bedingungen",
    pricesNet: "Alle Preise netto zuzüglich MwSt.", pricesGross: "Alle Preise inklusive MwSt.", taxId: "USt-IdNr.", ofWhichTax: "darin enthaltene MwSt.", general: "Allgemein",
  },
  ar: {
    title: "عرض سعر", number: "رقم العرض", version: "الإصدار", date: "التاريخ", validUntil: "صالح حتى", client: "العميل", event: "الفعالية", dates: "المواعيد",
    pos: "م", description: "الوصف", qty: "الكمية", days: "الأيام", factor: "المعامل", unitPrice: "سعر الوحدة", discount: "الخصم", amount: "المبلغ",
    sectionTotal: "المجموع", subtotal: "المجموع الفرعي", quoteDiscount: "الخصم", net: "الصافي", tax: "الضريبة", total: "الإجمالي", terms: "الشروط والأحكام",
    pricesNet: "الأسعار صافية، تضاف إليها الضريبة.", pricesGross: "الأسعار شاملة الضريبة.", taxId: "الرقم الضريبي", ofWhichTax: "منها ضريبة", general: "عام",
  },
} satisfies Record<QuoteLanguage, Record<string, string>>;

const locales: Record<QuoteLanguage, string> = { en: "en-GB", de: "de-DE", ar: "ar" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const multiline = (text: string) => escapeHtml(text).replace(/\n/g, "<br>");

export interface QuoteDocument {
  quote: QuoteHeader;
  version: QuoteVersionView;
  settings: QuoteSettings;
  client: { name: string; address: string; vatId: string } | undefined;
  event: PlanningEvent | undefined;
  now: Date;
}

/** The footer line of every page: the instance's company and contact details. */
export function quoteFooter(settings: QuoteSettings): string {
  return escapeHtml([settings.companyName, settings.companyContact.replace(/\n/g, " · "), settings.taxId].filter((s) => s !== "").join(" · "));
}

export function quoteDocumentHtml(d: QuoteDocument): string {
  const lang = d.version.language;
  const t = labels[lang];
  const locale = locales[lang];
  const currency = d.version.currency;
  const digits = minorDigits(currency);
  // Exact decimals: Intl formats the decimal string itself, so amounts beyond 2^53 keep every digit.
  const money = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  const fmt = (minor: bigint) => money.format(formatMinor(minor, currency) as `${number}`);
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const pct = (bp: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);
  const date = (at: Date, timeZone = "UTC") => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(at);
  const v = d.version;
  const totals = v.totals;

  const sections = new Map<string, number[]>();
  v.lines.forEach((l, i) => sections.set(l.section, [...(sections.get(l.section) ?? []), i]));
  let pos = 0;
  const body = [...sections.entries()]
    .map(([section, indexes]) => {
      const sectionTotal = totals.sections.find((s) => s.section === section);
      const rows = indexes
        .map((i) => {
          const l = v.lines[i];
          const priced = totals.lines[i];
          if (!l || !priced) return "";
          pos += 1;
          return `<tr>
  <td class="n">${num.format(pos)}</td>
  <td>${escapeHtml(l.description)}</td>
  <td class="n">${num.format(l.quantity)}${l.unit ? ` ${escapeHtml(l.unit)}` : ""}</td>
  <td class="n">${l.days > 0 ? num.format(l.days) : ""}</td>
  <td class="n">${l.days > 0 ? num.format(l.factorMilli / 1000) : ""}</td>
  <td class="n">${fmt(l.unitPriceMinor)}</td>
  <td class="n">${l.discountBp > 0 ? pct(l.discountBp) : ""}</td>
  <td class="n">${pct(l.taxRateBp)}</td>
  <td class="n">${fmt(priced.amountMinor)}</td>
</tr>`;
        })
        .join("\n");
      return `<tbody>
<tr class="section"><th colspan="9">${escapeHtml(section || t.general)}</th></tr>
${rows}
<tr class="sectiontotal"><td colspan="8">${t.sectionTotal} ${escapeHtml(section || t.general)}</td><td class="n">${fmt(sectionTotal?.amountMinor ?? 0n)}</td></tr>
</tbody>`;
    })
    .join("\n");

  const taxRows = totals.taxes
    .map((x) =>
      v.pricesIncludeTax
        ? `<tr><td>${t.ofWhichTax} ${pct(x.rateBp)} (${t.net} ${fmt(x.netMinor)})</td><td class="n">${fmt(x.taxMinor)}</td></tr>`
        : `<tr><td>${t.tax} ${pct(x.rateBp)} ${escapeHtml("×")} ${fmt(x.netMinor)}</td><td class="n">${fmt(x.taxMinor)}</td></tr>`,
    )
    .join("\n");
  const discountRow = totals.quoteDiscountMinor > 0n ? `<tr><td>${t.quoteDiscount} ${pct(v.discountBp)}</td><td class="n">−${fmt(totals.quoteDiscountMinor)}</td></tr>` : "";
  const totalRows = v.pricesIncludeTax
    ? `<tr><td>${t.subtotal}</td><td class="n">${fmt(totals.subtotalMinor)}</td></tr>${discountRow}<tr class="grand"><td>${t.total}</td><td class="n">${fmt(totals.grossMinor)}</td></tr>${taxRows}`
    : `<tr><td>${t.subtotal}</td><td class="n">${fmt(totals.subtotalMinor)}</td></tr>${discountRow}<tr><td>${t.net}</td><td class="n">${fmt(totals.netMinor)}</td></tr>${taxRows}<tr class="grand"><td>${t.total}</td><td class="n">${fmt(totals.grossMinor)}</td></tr>`;

  const event = d.event;
  const period = event ? (event.chargePeriod ?? event.outPeriod) : undefined;
  const eventBlock =
    event && period
      ? `<div class="block"><h3>${t.event}</h3><p>${escapeHtml(event.number)} · ${escapeHtml(event.name)}</p><p>${t.dates}: ${date(period.start, event.timeZone)} – ${date(new Date(period.end.getTime() - 1), event.timeZone)}</p></div>`
      : "";
  const clientBlock = d.client
    ? `<div class="block"><h3>${t.client}</h3><p><strong>${escapeHtml(d.client.name)}</strong></p><p>${multiline(d.client.address)}</p>${d.client.vatId ? `<p>${t.taxId}: ${escapeHtml(d.client.vatId)}</p>` : ""}</div>`
    : "";
  const logo = /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(d.settings.logoDataUrl) ? `<img class="logo" src="${d.settings.logoDataUrl}" alt="">` : "";

  return `<!doctype html>
<html lang="${lang}" dir="${lang === "ar" ? "rtl" : "ltr"}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${t.title} ${d.quote.number}`)}</title>
<style>
  @page { size: A4; }
  body { font-family: "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", sans-serif; font-size: 9pt; color: #222; margin: 0; }
  header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 2px solid #1c7ed6; padding-bottom: 8px; margin-bottom: 12px; }
  .logo { max-height: 56px; max-width: 200px; }
  .sender { text-align: end; font-size: 8pt; color: #444; }
  h1 { font-size: 18pt; margin: 0 0 4px; color: #1c7ed6; }
  h3 { font-size: 9pt; margin: 0 0 2px; color: #555; text-transform: uppercase; }
  p { margin: 0 0 2px; }
  .meta { display: flex; gap: 24px; margin-bottom: 12px; }
  .block { flex: 1; }
  table { width: 100%; border-collapse: collapse; }
  th, td { padding: 3px 4px; text-align: start; vertical-align: top; }
  thead th { border-bottom: 1px solid #888; font-size: 8pt; }
  td.n, th.n { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
  tr.section th { background: #e7f5ff; padding-top: 6px; }
  tr.sectiontotal td { border-top: 1px solid #ccc; font-style: italic; text-align: end; }
  tbody { break-inside: auto; }
  tr { break-inside: avoid; }
  .totals { width: 55%; margin-inline-start: auto; margin-top: 12px; }
  .totals tr.grand td { font-weight: bold; font-size: 11pt; border-top: 2px solid #222; }
  .note { margin-top: 10px; color: #555; }
  .terms { margin-top: 14px; font-size: 8pt; color: #444; break-inside: avoid; }
</style>
</head>
<body>
<header>
  <div>${logo}<h1>${t.title}</h1></div>
  <div class="sender"><strong>${escapeHtml(d.settings.companyName)}</strong><br>${multiline(d.settings.companyAddress)}<br>${multiline(d.settings.companyContact)}${d.settings.taxId ? `<br>${t.taxId}: ${escapeHtml(d.settings.taxId)}` : ""}</div>
</header>
<div class="meta">
  ${clientBlock}
  ${eventBlock}
  <div class="block">
    <p>${t.number}: <strong>${escapeHtml(d.quote.number)}</strong></p>
    <p>${t.version}: ${num.format(v.version)}</p>
    <p>${t.date}: ${date(v.sentAt ?? d.now)}</p>
    <p>${t.validUntil}: ${date(v.validUntil)}</p>
  </div>
</div>
${d.quote.title ? `<p><strong>${escapeHtml(d.quote.title)}</strong></p>` : ""}
${v.intro ? `<p>${multiline(v.intro)}</p>` : ""}
<table class="lines">
<thead><tr><th class="n">${t.pos}</th><th>${t.description}</th><th class="n">${t.qty}</th><th class="n">${t.days}</th><th class="n">${t.factor}</th><th class="n">${t.unitPrice}</th><th class="n">${t.discount}</th><th class="n">${t.tax}</th><th class="n">${t.amount}</th></tr></thead>
${body}
</table>
<table class="totals">
${totalRows}
</table>
<p class="note">${v.pricesIncludeTax ? t.pricesGross : t.pricesNet}</p>
${v.terms ? `<div class="terms"><h3>${t.terms}</h3><p>${multiline(v.terms)}</p></div>` : ""}
${d.settings.bankDetails ? `<div class="terms"><p>${multiline(d.settings.bankDetails)}</p></div>` : ""}
</body>
</html>`;
}
