export const errors = {
  notFoundTitle: "Không tìm thấy trang",
  notFoundBody: "Trang bạn tìm không có hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ.",
  forbiddenTitle: "Bạn không có quyền xem trang này",
  forbiddenBody:
    "Tài khoản của bạn không có quyền truy cập nội dung này. Nếu cần, hãy liên hệ quản trị viên.",
  serverTitle: "Đã có lỗi xảy ra",
  serverBody: "Hệ thống gặp sự cố. Dữ liệu bạn đã lưu vẫn an toàn. Vui lòng thử lại sau ít phút.",
  badRequestTitle: "Yêu cầu không hợp lệ",
  badRequestBody: "Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra và thử lại.",
  conflictTitle: "Dữ liệu đã thay đổi",
  goHome: "Về trang chủ",
  tryAgain: "Thử lại",
  statusCode: "Mã lỗi {status}",
};
