export const accounts = {
  loginTitle: "Đăng nhập",
};
