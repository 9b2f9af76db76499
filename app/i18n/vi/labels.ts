export const labels = {
  lot: {
    empty: "Hãy nhập mã lô, ví dụ RML-2611-01.",
    spaces: "Mã lô không được có dấu cách. Dùng dấu gạch ngang thay cho dấu cách, ví dụ RML-2611-01.",
    diacritics: "Mã lô không được có dấu tiếng Việt. Hãy viết không dấu, ví dụ HONG-DO thay cho HỒNG-ĐỎ.",
    characters:
      "Mã lô chỉ được dùng chữ cái không dấu, chữ số và các dấu - . _ / (không dùng # @ ~ hay biểu tượng).",
    tooLong: "Mã lô dài tối đa 20 ký tự.",
    dots: "Mã lô không thể chỉ là dấu chấm. Hãy dùng chữ hoặc số, ví dụ RML-2611-01.",
  },
  serial: {
    empty: "Hãy nhập số sê-ri.",
    spaces: "Số sê-ri không được có dấu cách.",
    diacritics: "Số sê-ri không được có dấu tiếng Việt.",
    characters: "Số sê-ri chỉ được dùng chữ cái không dấu, chữ số và các dấu - . _ /.",
    tooLong: "Số sê-ri dài tối đa 20 ký tự.",
    dots: "Số sê-ri không thể chỉ là dấu chấm.",
  },
  link: {
    notDigitalLink: "Đường dẫn này không phải mã truy xuất của sản phẩm.",
    malformed: "Đường dẫn bị lỗi: có thể mã QR bị mờ hoặc đường dẫn bị gõ sai.",
    gtinNotDigits: "Mã số sản phẩm (GTIN) chỉ gồm chữ số.",
    gtinLength: "Mã số sản phẩm (GTIN) phải có 8, 12, 13 hoặc 14 chữ số; mã này có {length} chữ số.",
    gtinCheckDigit:
      "Mã số sản phẩm (GTIN) sai chữ số kiểm tra: chữ số cuối phải là {expected}, không phải {actual}.",
    unknownAi:
      "Đường dẫn có phần ({ai}) mà hệ thống không dùng. Sau mã sản phẩm chỉ có /10/ (lô) và /21/ (sê-ri).",
    aiOrder: "Các phần của đường dẫn sai thứ tự: mã lô (/10/) phải đứng trước số sê-ri (/21/).",
    missingValue: "Đường dẫn thiếu giá trị sau ({ai}).",
    badEncoding: "Đường dẫn có ký tự mã hoá bị lỗi (dấu % không đúng).",
    lotInvalid: "Mã lô trong đường dẫn không hợp lệ: tối đa 20 ký tự, không dấu cách, không dấu tiếng Việt.",
    serialInvalid:
      "Số sê-ri trong đường dẫn không hợp lệ: tối đa 20 ký tự, không dấu cách, không dấu tiếng Việt.",
  },
  sheet: {
    title: "Tem truy xuất nguồn gốc",
    lot: "Lô",
    serial: "Số",
    producedOn: "NSX",
    bestBefore: "HSD",
    scanToTrace: "Quét mã để xem nguồn gốc",
  },
  linkset: {
    pip: "Thông tin sản phẩm",
    traceability: "Nhật ký truy xuất (EPCIS 2.0)",
    certificationInfo: "Chứng nhận OCOP và chất lượng",
    recallStatus: "Tình trạng thu hồi",
    defaultLink: "Trang truy xuất nguồn gốc",
  },
};
