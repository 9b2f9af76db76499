export const messages = {
  inboxTitle: "Tin nhắn",
  inboxEmpty: "Chưa có tin nhắn nào.",
  unread: "Chưa đọc",
  markRead: "Đánh dấu đã đọc",
  templates: {
    listingApproved: "Sản phẩm “{product}” đã được duyệt và đang được bán trên Chợ OCOP.",
    listingChangesRequested: "Sản phẩm “{product}” cần sửa trước khi được duyệt. Lý do: {reason}",
    listingRejected: "Sản phẩm “{product}” không được duyệt. Lý do: {reason}",
    listingResubmitted: "Sản phẩm “{product}” đã được gửi lại để duyệt.",
    certificateExpired:
      "Giấy chứng nhận OCOP của sản phẩm “{product}” đã hết hạn. Sao sẽ bị ẩn cho đến khi giấy mới được duyệt.",
    certificateExpiring: "Giấy chứng nhận OCOP của sản phẩm “{product}” sẽ hết hạn ngày {date}.",
  },
};
