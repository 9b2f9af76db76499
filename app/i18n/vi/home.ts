export const home = {
  title: "Chợ OCOP: đặc sản hợp tác xã, rõ nguồn gốc",
  heading: "Đặc sản OCOP từ hợp tác xã, rõ nguồn gốc đến từng lô",
  intro: "Quét mã QR trên nhãn để xem sản phẩm đến từ đâu, ai làm ra và đã qua những bước nào.",
};
