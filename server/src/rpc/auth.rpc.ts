// AuthService handlers: read the caller, convert, call one service method, convert back.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import type { AuthService as AuthApi} from "@eventkit/api/eventkit/v1/auth_pb.js";
import { PrincipalSchema } from "@eventkit/api/eventkit/v1/auth_pb.js";
import type { AuthService } from "../service/auth.service.js";
import {
  apiKeyToProto,
  auditEventToProto,
  dateFromProto,
  permissionToProto,
  roleToProto,
  tokensToProto,
  userToProto,
  versionFromProto,
} from "./auth.convert.js";
import { requestState as call } from "./context.js";

export function authRpc(auth: AuthService): ServiceImpl<typeof AuthApi> {
  return {
    async login(req, ctx) {
      const { tokens, user } = await auth.login(call(ctx), { email: req.email, password: req.password });
      return { tokens: tokensToProto(tokens), user: userToProto(user) };
    },
    async refreshToken(req, ctx) {
      return { tokens: tokensToProto(await auth.refresh(call(ctx), req.refreshToken)) };
    },
    async logout(req, ctx) {
      await auth.logout(call(ctx), req.refreshToken);
      return {};
    },
    async completeSetup(req, ctx) {
      const { tokens, user } = await auth.completeSetup(call(ctx), { setupToken: req.setupToken, email: req.email, displayName: req.displayName, password: req.password, locale: req.locale });
      return { tokens: tokensToProto(tokens), user: userToProto(user) };
    },
    async acceptInvite(req, ctx) {
      const { tokens, user } = await auth.acceptInvite(call(ctx), { inviteToken: req.inviteToken, password: req.password });
      return { tokens: tokensToProto(tokens), user: userToProto(user) };
    },
    async getCurrentUser(_req, ctx) {
      const current = await auth.getCurrentUser(call(ctx));
      return {
        principal: create(PrincipalSchema, { user: userToProto(current.user), apiKeyId: current.apiKeyId ?? "", permissions: current.permissions }),
      };
    },
    async updateProfile(req, ctx) {
      return { user: userToProto(await auth.updateProfile(call(ctx), { displayName: req.displayName, locale: req.locale, timeZone: req.timeZone })) };
    },
    async changePassword(req, ctx) {
      return { tokens: tokensToProto(await auth.changePassword(call(ctx), req)) };
    },
    async listUsers(req, ctx) {
      const page = await auth.listUsers(call(ctx), { pageSize: req.pageSize, pageToken: req.pageToken, query: req.query, includeDisabled: req.includeDisabled });
      return { users: page.users.map(userToProto), nextPageToken: page.nextPageToken };
    },
    async getUser(req, ctx) {
      return { user: userToProto(await auth.getUser(call(ctx), req.userId)) };
    },
    async createUser(req, ctx) {
      const created = await auth.createUser(call(ctx), {
        email: req.email,
        displayName: req.displayName,
        roleIds: req.roleIds,
        password: req.password,
        locale: req.locale,
        timeZone: req.timeZone,
      });
      return { user: userToProto(created.user), inviteToken: created.inviteToken ?? "" };
    },
    async updateUser(req, ctx) {
      const user = await auth.updateUser(call(ctx), {
        userId: req.userId,
        version: versionFromProto(req.version),
        displayName: req.displayName,
        roleIds: req.setRoles ? req.roleIds : undefined,
        locale: req.locale,
        timeZone: req.timeZone,
      });
      return { user: userToProto(user) };
    },
    async disableUser(req, ctx) {
      return { user: userToProto(await auth.setUserDisabled(call(ctx), req.userId, true)) };
    },
    async enableUser(req, ctx) {
      return { user: userToProto(await auth.setUserDisabled(call(ctx), req.userId, false)) };
    },
    listPermissions(_req, ctx) {
      return { permissions: auth.listPermissions(call(ctx)).map(permissionToProto) };
    },
    async listRoles(_req, ctx) {
      return { roles: (await auth.listRoles(call(ctx))).map(roleToProto) };
    },
    async createRole(req, ctx) {
      return { role: roleToProto(await auth.createRole(call(ctx), { name: req.name, description: req.description, permissions: req.permissions })) };
    },
    async updateRole(req, ctx) {
      const role = await auth.updateRole(call(ctx), { roleId: req.roleId, version: versionFromProto(req.version), name: req.name, description: req.description, permissions: req.permissions });
      return { role: roleToProto(role) };
    },
    async deleteRole(req, ctx) {
      await auth.deleteRole(call(ctx), req.roleId);
      return {};
    },
    async createApiKey(req, ctx) {
      const created = await auth.createApiKey(call(ctx), { name: req.name, permissions: req.permissions, expiresAt: dateFromProto(req.expiresAt) });
      return { apiKey: apiKeyToProto(created.apiKey), secret: created.secret };
    },
    async listApiKeys(req, ctx) {
      return { apiKeys: (await auth.listApiKeys(call(ctx), req.includeRevoked)).map(apiKeyToProto) };
    },
    async revokeApiKey(req, ctx) {
      return { apiKey: apiKeyToProto(await auth.revokeApiKey(call(ctx), req.apiKeyId)) };
    },
    async listAuditEvents(req, ctx) {
      const page = await auth.listAuditEvents(call(ctx), { pageSize: req.pageSize, pageToken: req.pageToken, actionPrefix: req.actionPrefix, actorUserId: req.actorUserId });
      return { events: page.events.map(auditEventToProto), nextPageToken: page.nextPageToken };
    },
  };
}
