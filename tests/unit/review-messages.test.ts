import { describe, expect, it } from "vitest";
import { isMessageTemplate, messageTemplates, renderMessage } from "../../app/domain/messaging/render";
import { messagesFor } from "../../app/i18n";

describe("renderMessage", () => {
  it("fills the product and reason into the reader's language", () => {
    const params = { product: "Rượu men lá", reason: "Thiếu ảnh giấy chứng nhận" };
    expect(renderMessage("vi", "listingChangesRequested", params)).toBe(
      "Sản phẩm “Rượu men lá” cần sửa trước khi được duyệt. Lý do: Thiếu ảnh giấy chứng nhận",
    );
    expect(renderMessage("en", "listingChangesRequested", params)).toBe(
      "“Rượu men lá” needs changes before it can be approved. Reason: Thiếu ảnh giấy chứng nhận",
    );
  });

  it("treats a null parameter as empty and knows every template in both languages", () => {
    expect(renderMessage("en", "listingRejected", { product: "X", reason: null })).toBe(
      "“X” was not approved. Reason: ",
    );
    for (const template of messageTemplates) {
      expect(typeof messagesFor("vi").messages.templates[template]).toBe("string");
      expect(typeof messagesFor("en").messages.templates[template]).toBe("string");
    }
    expect(isMessageTemplate("listingApproved")).toBe(true);
    expect(isMessageTemplate("nope")).toBe(false);
  });
});
