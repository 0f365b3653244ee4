import { Modal } from "@mantine/core";
import type { ReactNode } from "react";
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
  const wide = useWideScreen();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} fullScreen={!wide}>
      {children}
    </Modal>
  );
}
