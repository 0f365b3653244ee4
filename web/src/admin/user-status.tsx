import type { User } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function UserStatusBadge({ user }: { user: User }) {
  const { t } = useTranslation();
  if (user.disabled) return <Badge color="gray">{t("users.status.disabled")}</Badge>;
  if (user.invitationPending) return <Badge color="yellow">{t("users.status.invited")}</Badge>;
  return <Badge color="teal">{t("users.status.active")}</Badge>;
}
