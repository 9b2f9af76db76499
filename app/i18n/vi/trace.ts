export const trace = {
  errors: {
    eventInFuture: "Thời gian ghi nhật ký không được ở tương lai. Hãy chọn ngày giờ đã diễn ra.",
    batchNotFound: "Không tìm thấy lô hàng này.",
    correctionOtherBatch: "Chỉ sửa được một mục nhật ký của chính lô hàng này.",
  },
};
