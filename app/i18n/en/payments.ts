import type { Messages } from "../index";

export const payments: Messages["payments"] = {
  errors: {
    bankBin: "The bank code (BIN) must be exactly 6 digits.",
    accountNo: "The account number has digits only, 6 to 19 of them.",
    amount: "The amount must be a whole number of đồng, above 0.",
    noteTooLong: "The transfer note is too long: at most {max} characters.",
    qrMalformed: "The transfer QR code is malformed or has been altered.",
    badSignature: "The request does not carry a valid Stripe signature.",
    webhooksUnavailable:
      "Card payment notifications are not accepted yet: the server has no STRIPE_WEBHOOK_SECRET configured.",
    webhookMethod: "This address only accepts POST requests from Stripe.",
    webhookTooLarge: "The request body is too large (at most 1 MB): this is not a Stripe notification.",
    webhookFailed: "This notification could not be processed yet; Stripe will send it again later.",
  },
};
