import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  countUnread,
  enqueueMessage,
  listInbox,
  markMessageRead,
  notifyCooperativeManagers,
} from "../../app/domain/messaging/outbox.server";
import { createCooperative, createUser, seedRegionTree } from "./review-fixtures";

let tree: Awaited<ReturnType<typeof seedRegionTree>>;
beforeAll(async () => {
  tree = await seedRegionTree();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("outbox", () => {
  it("queues one inbox message per manager of the cooperative, and logs it in development", async () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const coop = await createCooperative("HTX Bằng Phúc", tree.bangPhuc.id);
    const other = await createCooperative("HTX Khác", tree.vanHo.id);
    const a = await createUser("Quản lý A", [{ role: "manager", cooperativeId: coop.id }]);
    const b = await createUser("Quản lý B", [{ role: "manager", cooperativeId: coop.id }]);
    const c = await createUser("Quản lý C", [{ role: "manager", cooperativeId: other.id }]);

    const n = await notifyCooperativeManagers(coop.id, "listingRejected", {
      product: "Rượu men lá",
      reason: "Số quyết định không khớp",
    });
    expect(n).toBe(2);
    expect(await listInbox(c.id)).toHaveLength(0);
    const [msg] = await listInbox(a.id);
    expect(msg?.template).toBe("listingRejected");
    expect(msg?.params).toEqual({ product: "Rượu men lá", reason: "Số quyết định không khớp" });
    expect(await countUnread(b.id)).toBe(1);
    expect(info.mock.calls.map((call) => String(call[0])).join("\n")).toContain(
      "Sản phẩm “Rượu men lá” không được duyệt. Lý do: Số quyết định không khớp",
    );
  });

  it("lists newest first and marks only the owner's message read", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const owner = await createUser("Người nhận");
    const stranger = await createUser("Người lạ");
    const first = await enqueueMessage({
      channel: "inbox",
      recipientUserId: owner.id,
      template: "listingApproved",
      params: { product: "Chè Vân Hồ" },
    });
    await new Promise((r) => setTimeout(r, 5));
    await enqueueMessage({
      channel: "inbox",
      recipientUserId: owner.id,
      template: "listingResubmitted",
      params: { product: "Mận hậu" },
    });
    const inbox = await listInbox(owner.id);
    expect(inbox.map((m) => m.template)).toEqual(["listingResubmitted", "listingApproved"]);
    expect(await listInbox(owner.id, { limit: 1 })).toHaveLength(1);

    await expect(markMessageRead(stranger.id, first.id)).rejects.toMatchObject({ kind: "not_found" });
    await expect(markMessageRead(owner.id, "not-a-uuid")).rejects.toMatchObject({ kind: "not_found" });
    await expect(markMessageRead(owner.id, randomUUID())).rejects.toMatchObject({ kind: "not_found" });
    expect(await countUnread(owner.id)).toBe(2);
    const read = await markMessageRead(owner.id, first.id);
    expect(read.readAt).toBeInstanceOf(Date);
    // Marking twice keeps the first reading time.
    const again = await markMessageRead(owner.id, first.id);
    expect(again.readAt?.getTime()).toBe(read.readAt?.getTime());
    expect(await countUnread(owner.id)).toBe(1);
  });

  it("refuses an inbox message without a recipient and keeps email messages out of the inbox", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const user = await createUser("Người dùng");
    await expect(
      enqueueMessage({ channel: "inbox", template: "listingApproved", params: { product: "x" } }),
    ).rejects.toThrow(/recipient/);
    await enqueueMessage({
      channel: "email",
      recipientUserId: user.id,
      toAddress: "a@b.vn",
      template: "listingApproved",
      params: { product: "x" },
    });
    expect(await listInbox(user.id)).toHaveLength(0);
  });
});
