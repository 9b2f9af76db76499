// Demo cooperatives, one per former district of the demo region tree. Names, tax codes, phones
// and bank accounts are illustrative (tax codes use each province's prefix; BINs are real banks').

export interface SeedCooperative {
  slug: string;
  name: string;
  taxCode: string;
  /** A legacy commune of the former district (scheme "legacy", level "commune"). */
  communeCode: string;
  street: string;
  phone: string;
  email: string;
  story: string;
  bankBin: string;
  bankAccountNo: string;
  bankAccountName: string;
  /** Where the diary entries of this cooperative's batches happen. */
  place: { text: string; latitude: number; longitude: number };
}

export const seedCooperatives: SeedCooperative[] = [
  {
    slug: "htx-ruou-men-la-thanh-tam",
    name: "HTX rượu men lá Thanh Tâm",
    taxCode: "4700682137",
    communeCode: "02041", // Bằng Phúc, former Chợ Đồn district, Bắc Kạn
    street: "Thôn Nà Pài",
    phone: "0978351204",
    email: "thanhtam@htx.ocop.test",
    story:
      "Hợp tác xã được các chị em người Tày ở thôn Nà Pài lập năm 2017 để giữ nghề nấu rượu men lá của ông bà. Men được làm từ hơn hai mươi loại lá rừng hái quanh bản, gạo nếp nương do các hộ thành viên tự trồng. Mỗi mẻ rượu được ủ đủ ba mươi ngày trước khi chưng cất.",
    bankBin: "970405",
    bankAccountNo: "8306205123456",
    bankAccountName: "HTX RUOU MEN LA THANH TAM",
    place: { text: "Thôn Nà Pài, xã Bằng Phúc, huyện Chợ Đồn", latitude: 22.0468, longitude: 105.6742 },
  },
  {
    slug: "htx-che-van-ho",
    name: "HTX Chè Vân Hồ",
    taxCode: "5500614829",
    communeCode: "04048", // Vân Hồ, former Vân Hồ district, Sơn La
    street: "Bản Bó Nhàng 1",
    phone: "0915627438",
    email: "chevanho@htx.ocop.test",
    story:
      "Hợp tác xã chăm sóc những đồi chè Shan tuyết cổ thụ trên độ cao hơn 1.000 mét ở Vân Hồ. Búp chè được hái tay một tôm hai lá vào sáng sớm và sao ngay trong ngày. Ngoài chè, các hộ thành viên còn trồng mận hậu và làm thịt trâu gác bếp theo cách của người Thái.",
    bankBin: "970418",
    bankAccountNo: "62110000587421",
    bankAccountName: "HTX CHE VAN HO",
    place: { text: "Bản Bó Nhàng 1, xã Vân Hồ, huyện Vân Hồ", latitude: 20.7786, longitude: 104.8217 },
  },
  {
    slug: "htx-mat-ong-phu-yen",
    name: "HTX Mật ong Phù Yên",
    taxCode: "5500587342",
    communeCode: "03928", // Huy Hạ, former Phù Yên district, Sơn La
    street: "Bản Nà Dòn",
    phone: "0968142753",
    email: "matongphuyen@htx.ocop.test",
    story:
      "Hơn tám mươi đàn ong của hợp tác xã được đặt dưới tán rừng và vườn nhãn quanh cánh đồng Mường Tấc. Mật chỉ được quay khi đã vít nắp, rồi lọc và hạ thủy phần ngay tại xưởng của hợp tác xã. Các thành viên còn nấu mật mía và trồng nếp cái hoa vàng.",
    bankBin: "970405",
    bankAccountNo: "7904205213874",
    bankAccountName: "HTX MAT ONG PHU YEN",
    place: { text: "Bản Nà Dòn, xã Huy Hạ, huyện Phù Yên", latitude: 21.2543, longitude: 104.6618 },
  },
  {
    slug: "htx-banh-da-vinh-loc",
    name: "HTX Bánh đa Vĩnh Lộc",
    taxCode: "2801946573",
    communeCode: "15364", // Vĩnh Phúc, former Vĩnh Lộc district, Thanh Hóa
    street: "Thôn Đông Môn",
    phone: "0942736518",
    email: "banhdavinhloc@htx.ocop.test",
    story:
      "Làng nghề bánh đa nằm ngay dưới chân Thành nhà Hồ, nghề được truyền qua nhiều đời. Hợp tác xã dùng gạo bao thai của cánh đồng trong xã, tráng bánh bằng tay và phơi nắng trên giàn tre. Nem chua của hợp tác xã được gói lá ổi, lá chuối theo cách truyền thống.",
    bankBin: "970415",
    bankAccountNo: "106870345219",
    bankAccountName: "HTX BANH DA VINH LOC",
    place: { text: "Thôn Đông Môn, xã Vĩnh Phúc, huyện Vĩnh Lộc", latitude: 20.0521, longitude: 105.6183 },
  },
  {
    slug: "htx-ca-phe-dam-rong",
    name: "HTX Cà phê Đam Rông",
    taxCode: "5801384629",
    communeCode: "24886", // Phi Liêng, former Đam Rông district, Lâm Đồng
    street: "Thôn Păng Pế Nâm",
    phone: "0359261847",
    email: "caphedamrong@htx.ocop.test",
    story:
      "Các hộ đồng bào K'Ho trong hợp tác xã trồng cà phê Arabica và Robusta xen sầu riêng, bơ trên sườn đồi Phi Liêng. Quả cà phê được hái chọn khi chín đỏ, sơ chế ướt và phơi trên giàn. Hợp tác xã tự rang và đóng gói tại xưởng của mình.",
    bankBin: "970436",
    bankAccountNo: "1027384915",
    bankAccountName: "HTX CA PHE DAM RONG",
    place: { text: "Thôn Păng Pế Nâm, xã Phi Liêng, huyện Đam Rông", latitude: 12.0812, longitude: 108.1964 },
  },
];
