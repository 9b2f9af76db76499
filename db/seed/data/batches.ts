// Demo batches and their production diaries. Times are local (Asia/Ho_Chi_Minh, +07:00) and
// in the past; the spraying in the tea diary is well outside its pre-harvest interval at the
// harvest, and every released batch has a passed lab test.
import type { DiaryKind } from "../../../app/domain/trace/vocabulary";

export interface SeedEvent {
  kind: DiaryKind;
  /** Local time with its offset, e.g. "2026-09-05T06:30:00+07:00". */
  at: string;
  details: Record<string, unknown>;
}

export interface SeedBatch {
  productSlug: string;
  lot: string;
  status: "recording" | "released" | "closed";
  quantity: number;
  quantityAvailable: number;
  producedOn: string;
  bestBefore: string | null;
  /** Local time the batch was released for sale. */
  releasedAt: string | null;
  /** Who wrote the diary (a demo account), when the cooperative has one. */
  recordedByEmail: string | null;
  events: SeedEvent[];
  /** Input batches consumed by the processing event at `eventIndex` (a transformation link). */
  inputs?: { productSlug: string; lot: string; quantity: number; eventIndex: number }[];
}

const QUATEST_TN = "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Thái Nguyên";

export const seedBatches: SeedBatch[] = [
  {
    productSlug: "banh-men-la-thanh-tam",
    lot: "BML-2026-08",
    status: "closed",
    quantity: 30,
    quantityAvailable: 0,
    producedOn: "2026-08-14",
    bestBefore: "2027-08-14",
    releasedAt: null,
    recordedByEmail: "htx.thanhtam@ocop.test",
    events: [
      {
        kind: "harvesting",
        at: "2026-08-12T07:00:00+07:00",
        details: {
          quantity: 18,
          unit: "kg",
          note: "Hái 23 loại lá men trên đồi sau thôn Nà Pài, phơi tái trong ngày.",
        },
      },
      {
        kind: "processing",
        at: "2026-08-14T08:30:00+07:00",
        details: {
          step: "Giã lá, trộn bột gạo nếp, nặn bánh và phơi trên gác bếp",
          inputs: [
            { name: "Lá men rừng", quantity: 18, unit: "kg" },
            { name: "Bột gạo nếp", quantity: 6, unit: "kg" },
          ],
          outputQuantity: 30,
          unit: "gói",
        },
      },
      {
        kind: "packing",
        at: "2026-08-28T15:00:00+07:00",
        details: { quantity: 30, unit: "gói", packageSize: "10 bánh", note: "Dùng cho mẻ rượu tháng 9." },
      },
    ],
  },
  {
    productSlug: "ruou-men-la-bang-phuc",
    lot: "RML-2026-10",
    status: "released",
    quantity: 400,
    quantityAvailable: 352,
    producedOn: "2026-10-20",
    bestBefore: "2031-10-20",
    releasedAt: "2026-10-28T09:00:00+07:00",
    recordedByEmail: "htx.thanhtam@ocop.test",
    events: [
      {
        kind: "receiving",
        at: "2026-09-02T08:00:00+07:00",
        details: {
          items: [
            {
              name: "Gạo nếp nương",
              quantity: 300,
              unit: "kg",
              supplier: "Tổ hợp tác trồng nếp thôn Nà Pài",
            },
          ],
          note: "Gạo vụ mùa 2026, đã sàng sạch, độ ẩm dưới 14%.",
        },
      },
      {
        kind: "processing",
        at: "2026-09-03T06:00:00+07:00",
        details: {
          step: "Đồ xôi, rắc men lá và ủ trong chum sành 30 ngày",
          inputs: [
            { name: "Gạo nếp nương", quantity: 300, unit: "kg" },
            { name: "Bánh men lá", quantity: 30, unit: "gói", lot: "BML-2026-08" },
          ],
        },
      },
      {
        kind: "processing",
        at: "2026-10-05T07:00:00+07:00",
        details: {
          step: "Chưng cất bằng nồi đồng, hạ thổ 15 ngày",
          outputQuantity: 210,
          unit: "lít",
          alcoholPercent: 29,
        },
      },
      {
        kind: "lab_test",
        at: "2026-10-16T14:00:00+07:00",
        details: {
          lab: QUATEST_TN,
          reportNo: "KN-2610/0457",
          date: "2026-10-16",
          standard: "QCVN 6-3:2010/BYT",
          results: [
            { name: "Methanol", value: 0.31, unit: "g/L cồn 100°", limit: 2, pass: true },
            { name: "Aldehyde", value: 0.08, unit: "g/L cồn 100°", limit: 0.5, pass: true },
            { name: "Furfural", value: 0.002, unit: "g/L cồn 100°", limit: 0.3, pass: true },
          ],
          pass: true,
        },
      },
      {
        kind: "packing",
        at: "2026-10-20T09:00:00+07:00",
        details: { quantity: 400, unit: "chai", packageSize: "500 ml" },
      },
    ],
    inputs: [{ productSlug: "banh-men-la-thanh-tam", lot: "BML-2026-08", quantity: 30, eventIndex: 1 }],
  },
  {
    productSlug: "che-shan-tuyet-van-ho",
    lot: "CVH-2026-09",
    status: "released",
    quantity: 320,
    quantityAvailable: 287,
    producedOn: "2026-09-08",
    bestBefore: "2027-09-08",
    releasedAt: "2026-09-20T10:00:00+07:00",
    recordedByEmail: "htx.vanho@ocop.test",
    events: [
      {
        kind: "planting",
        at: "2026-03-02T08:00:00+07:00",
        details: {
          crop: "Chè Shan tuyết",
          plot: "Đồi chè Bó Nhàng, lô 3",
          area: 2.4,
          areaUnit: "ha",
          seedlings: 350,
          note: "Trồng dặm cây con giâm cành từ cây chè cổ thụ vào chỗ cây chết.",
        },
      },
      {
        kind: "fertilising",
        at: "2026-06-15T07:30:00+07:00",
        details: {
          product: "Phân hữu cơ vi sinh Sông Gianh",
          dose: 1200,
          doseUnit: "kg/ha",
          method: "Bón rạch quanh gốc rồi lấp đất",
        },
      },
      {
        kind: "spraying",
        at: "2026-08-20T16:30:00+07:00",
        details: {
          product: "Sokupi 0.5SL",
          activeIngredient: "Matrine",
          dose: 0.5,
          doseUnit: "L/ha",
          target: "Rầy xanh",
          preHarvestIntervalDays: 7,
        },
      },
      {
        kind: "harvesting",
        at: "2026-09-05T06:30:00+07:00",
        details: { quantity: 330, unit: "kg", note: "Hái tay một tôm hai lá, búp tươi." },
      },
      {
        kind: "processing",
        at: "2026-09-05T13:00:00+07:00",
        details: {
          step: "Làm héo, vò và sao khô bằng chảo gang",
          inputQuantity: 330,
          inputUnit: "kg búp tươi",
          outputQuantity: 66,
          unit: "kg chè khô",
        },
      },
      {
        kind: "lab_test",
        at: "2026-09-15T10:00:00+07:00",
        details: {
          lab: "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1 (Quatest 1)",
          reportNo: "Q1-2609/1183",
          date: "2026-09-15",
          results: [
            { name: "Matrine", value: 0.01, unit: "mg/kg", limit: 0.05, pass: true },
            { name: "Chì (Pb)", value: 0.21, unit: "mg/kg", limit: 2, pass: true },
            { name: "Độ ẩm", value: 6.2, unit: "%", limit: 8, pass: true },
          ],
          pass: true,
        },
      },
      {
        kind: "packing",
        at: "2026-09-18T08:00:00+07:00",
        details: { quantity: 320, unit: "gói", packageSize: "200 g" },
      },
    ],
  },
  {
    productSlug: "mat-ong-hoa-rung-phu-yen",
    lot: "MOP-2026-04",
    status: "released",
    quantity: 360,
    quantityAvailable: 214,
    producedOn: "2026-04-25",
    bestBefore: "2028-04-25",
    releasedAt: "2026-05-08T09:00:00+07:00",
    recordedByEmail: null,
    events: [
      {
        kind: "harvesting",
        at: "2026-04-18T07:00:00+07:00",
        details: {
          quantity: 190,
          unit: "kg",
          hives: 85,
          source: "Hoa rừng và hoa nhãn",
          note: "Chỉ quay những cầu mật đã vít nắp.",
        },
      },
      {
        kind: "processing",
        at: "2026-04-20T08:00:00+07:00",
        details: {
          step: "Lọc hai lớp và hạ thủy phần ở 40 °C",
          inputQuantity: 190,
          outputQuantity: 182,
          unit: "kg",
          moisturePercent: 19.2,
        },
      },
      {
        kind: "lab_test",
        at: "2026-04-29T15:00:00+07:00",
        details: {
          lab: "Trung tâm Kiểm nghiệm Thuốc, Mỹ phẩm, Thực phẩm Sơn La",
          reportNo: "SL-0426/0219",
          date: "2026-04-29",
          standard: "TCVN 12605:2019",
          results: [
            { name: "Độ ẩm", value: 19.2, unit: "%", limit: 20, pass: true },
            { name: "HMF", value: 12.4, unit: "mg/kg", limit: 40, pass: true },
            { name: "Chloramphenicol", value: 0, unit: "µg/kg", limit: 0.3, pass: true },
          ],
          pass: true,
        },
      },
      {
        kind: "packing",
        at: "2026-05-04T08:30:00+07:00",
        details: { quantity: 360, unit: "chai", packageSize: "500 g" },
      },
    ],
  },
  {
    productSlug: "ca-phe-rang-xay-dam-rong",
    lot: "CDR-2026-01",
    status: "released",
    quantity: 500,
    quantityAvailable: 126,
    producedOn: "2026-03-10",
    bestBefore: "2027-03-10",
    releasedAt: "2026-03-20T09:00:00+07:00",
    recordedByEmail: null,
    events: [
      {
        kind: "harvesting",
        at: "2026-01-08T06:30:00+07:00",
        details: { quantity: 1500, unit: "kg", note: "Hái chọn quả chín đỏ trên 95%." },
      },
      {
        kind: "processing",
        at: "2026-01-09T07:00:00+07:00",
        details: {
          step: "Xát vỏ, lên men ướt 36 giờ, phơi trên giàn 18 ngày",
          inputQuantity: 1500,
          inputUnit: "kg quả tươi",
          outputQuantity: 300,
          unit: "kg cà phê nhân",
        },
      },
      {
        kind: "processing",
        at: "2026-03-05T08:00:00+07:00",
        details: {
          step: "Rang mộc, ủ nguội và xay vừa",
          inputQuantity: 300,
          inputUnit: "kg cà phê nhân",
          outputQuantity: 252,
          unit: "kg cà phê bột",
        },
      },
      {
        kind: "lab_test",
        at: "2026-03-09T10:00:00+07:00",
        details: {
          lab: "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Lâm Đồng",
          reportNo: "LD-0326/0311",
          date: "2026-03-09",
          results: [
            { name: "Ochratoxin A", value: 1.2, unit: "µg/kg", limit: 5, pass: true },
            { name: "Độ ẩm", value: 3.1, unit: "%", limit: 5, pass: true },
          ],
          pass: true,
        },
      },
      {
        kind: "packing",
        at: "2026-03-10T08:00:00+07:00",
        details: { quantity: 500, unit: "gói", packageSize: "500 g" },
      },
      {
        kind: "shipping",
        at: "2026-03-22T07:30:00+07:00",
        details: { to: "Cửa hàng OCOP Đà Lạt", quantity: 120, unit: "gói", vehicle: "49C-215.37" },
      },
    ],
  },
  {
    productSlug: "hong-khong-hat-cho-don",
    lot: "HKH-2026-11",
    status: "recording",
    quantity: 800,
    quantityAvailable: 800,
    producedOn: "2026-11-10",
    bestBefore: "2026-12-05",
    releasedAt: null,
    recordedByEmail: "htx.thanhtam@ocop.test",
    events: [
      {
        kind: "harvesting",
        at: "2026-11-10T06:30:00+07:00",
        details: { quantity: 800, unit: "kg", note: "Hái quả chín vàng, để nguyên cuống." },
      },
      {
        kind: "sampling",
        at: "2026-11-12T09:00:00+07:00",
        details: { sampleSize: 2, unit: "kg", sentTo: QUATEST_TN, note: "Gửi mẫu kiểm dư lượng thuốc BVTV." },
      },
    ],
  },
];
