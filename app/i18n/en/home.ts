import type { Messages } from "../index";

export const home: Messages["home"] = {
  title: "Chợ OCOP: cooperative specialities with a known origin",
  heading: "OCOP specialities from cooperatives, traceable to the batch",
  intro:
    "Scan the QR code on a label to see where a product comes from, who made it and every step it went through.",
};
