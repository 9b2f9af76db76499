export const payments = {
  errors: {
    bankBin: "Mã ngân hàng (BIN) phải gồm đúng 6 chữ số.",
    accountNo: "Số tài khoản chỉ gồm chữ số, từ 6 đến 19 số.",
    amount: "Số tiền phải là số đồng nguyên, lớn hơn 0.",
    noteTooLong: "Nội dung chuyển khoản dài quá: tối đa {max} ký tự.",
    qrMalformed: "Mã QR chuyển khoản không đúng định dạng hoặc đã bị sửa.",
    badSignature: "Yêu cầu không có chữ ký hợp lệ của Stripe.",
    webhooksUnavailable:
      "Chưa nhận thông báo thanh toán thẻ: máy chủ chưa được cấu hình STRIPE_WEBHOOK_SECRET.",
    webhookMethod: "Địa chỉ này chỉ nhận yêu cầu POST từ Stripe.",
    webhookTooLarge: "Nội dung gửi đến quá lớn (tối đa 1 MB): đây không phải thông báo của Stripe.",
    webhookFailed: "Chưa xử lý được thông báo này; Stripe sẽ gửi lại sau.",
  },
};
