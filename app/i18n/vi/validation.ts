export const validation = {
  invalid: "Giá trị không hợp lệ.",
  required: "Vui lòng nhập trường này.",
  tooLong: "Quá dài: tối đa {max} ký tự.",
  tooShort: "Quá ngắn: tối thiểu {min} ký tự.",
  email: "Email không đúng dạng, ví dụ: ten@example.com.",
  phone:
    "Số điện thoại di động không đúng: 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (ví dụ 0912345678).",
  emailOrPhone: "Nhập email hoặc số điện thoại di động Việt Nam.",
  wholeNumber: "Vui lòng nhập một số nguyên.",
  formSummary: "Vui lòng sửa các lỗi được đánh dấu bên dưới.",
};
