import { Modal } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useWideScreen } from "./media.js";

/** A modal that fills the screen on phones. */
export function AppModal({
  opened,
  onClose,
  title,
  children,
  size = "lg",
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  size?: string;
}) {
  const { t } = useTranslation();
  const wide = useWideScreen();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} fullScreen={!wide}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {children}
    </Modal>
  );
}
