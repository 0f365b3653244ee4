import { useMutation } from "@connectrpc/connect-query";
import { AuthService, type Role, type User } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { Alert, Button, Group, Input, MultiSelect, SegmentedControl, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { minPasswordLength } from "../auth/password-fields.js";
import { isLanguageCode } from "../i18n/languages.js";
import { AppModal } from "../ui/app-modal.js";
import { CopyField } from "../ui/copy-field.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { LanguageField, TimeZoneField } from "../ui/fields.js";
import { browserTimeZone } from "../ui/time-zones.js";
import { roleLabel } from "./labels.js";
import { PasswordInput } from "../ui/password-input.js";

function RolesField({ roles, value, onChange }: { roles: readonly Role[]; value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <MultiSelect
      label={t("fields.roles")}
      data={roles.map((role) => ({ value: role.id, label: roleLabel(t, role) }))}
      value={value}
      onChange={onChange}
      searchable
      clearable
      clearButtonProps={{ "aria-label": t("common.clear") }}
      nothingFoundMessage={t("common.nothingFound")}
    />
  );
}

export function inviteLink(origin: string, token: string): string {
  return `${origin}/invite#${token}`;
}

/** Creates a user with a password, or invites one and shows the invitation link once. */
export function CreateUserModal({ opened, onClose, roles }: { opened: boolean; onClose: () => void; roles: readonly Role[] | undefined }) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidate();
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [mode, setMode] = useState<"invite" | "password">("invite");
  const [password, setPassword] = useState("");
  const [locale, setLocale] = useState<string>(isLanguageCode(i18n.language) ? i18n.language : "en");
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const create = useMutation(AuthService.method.createUser, {
    onSuccess: async (response) => {
      await invalidate(AuthService.method.listUsers);
      if (!response.inviteToken) close();
    },
  });

  function close(): void {
    setEmail("");
    setDisplayName("");
    setRoleIds([]);
    setPassword("");
    create.reset();
    onClose();
  }

  const inviteToken = create.data?.inviteToken;
  const valid =
    email.includes("@") && displayName.trim() !== "" && (mode === "invite" || password.length >= minPasswordLength);

  return (
    <AppModal opened={opened} onClose={close} title={t("users.createTitle")}>
      {inviteToken ? (
        <Stack>
          <Alert color="teal" variant="light">
            {t("users.invited", { name: create.data?.user?.displayName ?? "" })}
          </Alert>
          <CopyField label={t("users.inviteLink")} value={inviteLink(window.location.origin, inviteToken)} />
          <Group justify="flex-end">
            <Button onClick={close}>{t("common.done")}</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!valid) return;
            create.mutate({
              email: email.trim(),
              displayName: displayName.trim(),
              roleIds,
              password: mode === "password" ? password : "",
              locale,
              timeZone,
            });
          }}
        >
          <Stack gap="sm">
            <ErrorAlert error={create.error} />
            <TextInput
              label={t("fields.email")}
              type="email"
              required
              value={email}
              onChange={(event) => { setEmail(event.currentTarget.value); }}
            />
            <TextInput
              label={t("fields.displayName")}
              required
              value={displayName}
              onChange={(event) => { setDisplayName(event.currentTarget.value); }}
            />
            {roles ? <RolesField roles={roles} value={roleIds} onChange={setRoleIds} /> : null}
            <Input.Wrapper label={t("users.access")}>
              <SegmentedControl
                fullWidth
                aria-label={t("users.access")}
                value={mode}
                onChange={(value) => { setMode(value === "password" ? "password" : "invite"); }}
                data={[
                  { value: "invite", label: t("users.modeInvite") },
                  { value: "password", label: t("users.modePassword") },
                ]}
              />
            </Input.Wrapper>
            {mode === "password" ? (
              <PasswordInput
                label={t("fields.password")}
                description={t("fields.passwordHint", { count: minPasswordLength })}
                autoComplete="new-password"
                required
                value={password}
                onChange={(event) => { setPassword(event.currentTarget.value); }}
              />
            ) : null}
            <LanguageField value={locale} onChange={setLocale} />
            <TimeZoneField value={timeZone} onChange={setTimeZone} />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!valid}>
                {mode === "invite" ? t("users.sendInvite") : t("users.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AppModal>
  );
}

function EditUserForm({ user, roles, onClose }: { user: User; roles: readonly Role[] | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [roleIds, setRoleIds] = useState<string[]>(user.roleIds);
  const [locale, setLocale] = useState(user.locale || "en");
  const [timeZone, setTimeZone] = useState(user.timeZone);
  const update = useMutation(AuthService.method.updateUser, {
    onSuccess: async () => {
      await invalidate(AuthService.method.listUsers, AuthService.method.getCurrentUser);
      onClose();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({
          userId: user.id,
          version: user.version,
          displayName: displayName.trim(),
          ...(roles ? { roleIds, setRoles: true } : {}),
          locale,
          ...(timeZone ? { timeZone } : {}),
        });
      }}
    >
      <Stack gap="sm">
        <ErrorAlert error={update.error} />
        <TextInput label={t("fields.email")} value={user.email} readOnly variant="filled" />
        <TextInput
          label={t("fields.displayName")}
          required
          value={displayName}
          onChange={(event) => { setDisplayName(event.currentTarget.value); }}
        />
        {roles ? <RolesField roles={roles} value={roleIds} onChange={setRoleIds} /> : null}
        <LanguageField value={locale} onChange={setLocale} />
        <TimeZoneField value={timeZone} onChange={setTimeZone} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={update.isPending} disabled={displayName.trim() === ""}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditUserModal({ user, roles, onClose }: { user: User | undefined; roles: readonly Role[] | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={user !== undefined} onClose={onClose} title={t("users.editTitle")}>
      {user ? <EditUserForm key={`${user.id}:${user.version}`} user={user} roles={roles} onClose={onClose} /> : null}
    </AppModal>
  );
}
