import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../errors.js";

/** A translated message for an API error; renders nothing without one. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      {errorMessage(t, error)}
    </Alert>
  );
}
