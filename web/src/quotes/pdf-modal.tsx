// The quote's PDF, rendered by the server: previewed in a frame and downloadable.
import { useQuery } from "@connectrpc/connect-query";
import { QuoteService, type Quote } from "@eventkit/api/eventkit/v1/quote_pb.js";
import { Button, Group, Stack } from "@mantine/core";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { blobUrl, downloadBytes } from "../inventory/download.js";
import { CenteredLoader } from "../inventory/ui.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";

export function PdfModal({ quote, version, onClose }: { quote: Quote; version: number; onClose: () => void }) {
  const { t } = useTranslation();
  const pdf = useQuery(QuoteService.method.renderQuotePdf, { quoteId: quote.id, version }, { staleTime: 0, gcTime: 0 });
  const url = useMemo(() => (pdf.data ? blobUrl(pdf.data.pdf, "application/pdf") : undefined), [pdf.data]);
  useEffect(() => () => { if (url) URL.revokeObjectURL(url); }, [url]);
  const title = t("quotes.pdf.title", { number: quote.number, version });
  return (
    <AppModal opened onClose={onClose} title={title} size="xl">
      {pdf.isPending ? <CenteredLoader /> : pdf.error ? <ErrorAlert error={pdf.error} /> : (
        <Stack gap="sm">
          <Group>
            <Button onClick={() => { downloadBytes(pdf.data.pdf, pdf.data.fileName, "application/pdf"); }}>{t("quotes.actions.download")}</Button>
          </Group>
          {url ? <iframe title={title} src={url} style={{ width: "100%", height: "70vh", border: 0 }} /> : null}
        </Stack>
      )}
    </AppModal>
  );
}
