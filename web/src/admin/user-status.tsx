import type { User } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function UserStatusBadge({ user }: { user: User }) {
  const { t } = useTranslation();
  const [color, label] = user.disabled
    ? ["gray", t("users.status.disabled")]
    : user.invitationPending
      ? ["yellow", t("users.status.invited")]
      : ["teal", t("users.status.active")];
  return (
    <Badge color={color} style={{ minWidth: "max-content" }}>
      {label}
    </Badge>
  );
}
