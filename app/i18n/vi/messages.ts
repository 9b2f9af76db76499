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
    orderPlaced: "Chợ OCOP đã nhận đơn {code} ({total}). Xem đơn: {link}",
    orderPaid: "Đơn {code} đã được thanh toán ({total}). HTX đang chuẩn bị hàng. Xem đơn: {link}",
    orderShipped:
      "Đơn {code}: {cooperative} đã gửi hàng qua {carrier}, mã vận đơn {trackingNo}. Xem đơn: {link}",
    orderDelivered: "Đơn {code}: hàng của {cooperative} đã giao xong. Cảm ơn bạn! {link}",
    orderCancelled: "Đơn {code} đã được huỷ. {reason} {link}",
    shipmentCancelled: "Đơn {code}: {cooperative} đã huỷ phần hàng của mình. Lý do: {reason}. {link}",
    orderExpired: "Đơn {code} đã tự huỷ vì chưa được thanh toán kịp thời hạn giữ hàng. {link}",
    orderRefunded: "Đơn {code}: đã hoàn {amount} về thẻ của bạn. {link}",
    orderReceived: "Có đơn hàng mới {code}. Vào mục Đơn hàng để xử lý.",
    orderPaidSeller: "Đơn {code} đã được thanh toán: có thể đóng gói và gửi hàng.",
  },
};
