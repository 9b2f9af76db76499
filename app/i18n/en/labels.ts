import type { Messages } from "../index";

export const labels: Messages["labels"] = {
  lot: {
    empty: "Enter a lot code, for example RML-2611-01.",
    spaces: "A lot code cannot contain spaces. Use a hyphen instead of a space, for example RML-2611-01.",
    diacritics:
      "A lot code cannot contain Vietnamese accents. Write it without them, for example HONG-DO for HỒNG-ĐỎ.",
    characters: "A lot code may only use plain letters, digits and the signs - . _ / (no # @ ~ or symbols).",
    tooLong: "A lot code is at most 20 characters long.",
    dots: "A lot code cannot be just dots. Use letters or digits, for example RML-2611-01.",
  },
  serial: {
    empty: "Enter a serial number.",
    spaces: "A serial number cannot contain spaces.",
    diacritics: "A serial number cannot contain Vietnamese accents.",
    characters: "A serial number may only use plain letters, digits and the signs - . _ /.",
    tooLong: "A serial number is at most 20 characters long.",
    dots: "A serial number cannot be just dots.",
  },
  link: {
    notDigitalLink: "This address is not a product trace code.",
    malformed: "This address is damaged: the QR code may be smudged or the address mistyped.",
    gtinNotDigits: "A product number (GTIN) is made of digits only.",
    gtinLength: "A product number (GTIN) has 8, 12, 13 or 14 digits; this one has {length}.",
    gtinCheckDigit:
      "The product number (GTIN) has a wrong check digit: the last digit should be {expected}, not {actual}.",
    unknownAi:
      "The address has a part ({ai}) this site does not use. After the product number only /10/ (lot) and /21/ (serial) may follow.",
    aiOrder:
      "The parts of the address are in the wrong order: the lot (/10/) comes before the serial (/21/).",
    missingValue: "The address is missing a value after ({ai}).",
    badEncoding: "The address has a broken encoded character (a % sign in the wrong place).",
    lotInvalid: "The lot code in the address is not valid: at most 20 characters, no spaces, no accents.",
    serialInvalid:
      "The serial number in the address is not valid: at most 20 characters, no spaces, no accents.",
  },
  sheet: {
    title: "Traceability labels",
    lot: "Lot",
    serial: "No.",
    producedOn: "Made",
    bestBefore: "Best before",
    scanToTrace: "Scan to see where it comes from",
  },
  linkset: {
    pip: "Product information",
    traceability: "Traceability record (EPCIS 2.0)",
    certificationInfo: "OCOP and quality certificates",
    recallStatus: "Recall status",
    defaultLink: "Traceability page",
  },
};
