/** The checkout form: what a buyer types, checked before anything is read or written. */
import { z } from "zod";
import {
  isValidEmail,
  isVietnameseMobile,
  normaliseEmail,
  normalisePhone,
} from "~/domain/accounts/identifiers";
import { paymentMethods } from "./state";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: unknown) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : "");

export const checkoutFields = [
  "contactName",
  "contactPhone",
  "contactEmail",
  "province",
  "regionId",
  "street",
  "note",
  "paymentMethod",
] as const;

export const checkoutSchema = z.object({
  contactName: z.preprocess(
    text,
    z.string().min(2, "orders.errors.nameRequired").max(100, "orders.errors.nameTooLong"),
  ),
  contactPhone: z.preprocess(
    (v) => normalisePhone(text(v)) ?? text(v),
    z.string().refine((p) => isVietnameseMobile(p), "orders.errors.phoneInvalid"),
  ),
  contactEmail: z.preprocess(
    (v) => {
      const t = text(v);
      return t === "" ? null : normaliseEmail(t);
    },
    z
      .string()
      .refine((e) => isValidEmail(e), "orders.errors.emailInvalid")
      .nullable(),
  ),
  regionId: z.preprocess(text, z.string().regex(UUID, "orders.errors.communeRequired")),
  street: z.preprocess(
    text,
    z.string().min(3, "orders.errors.streetRequired").max(200, "orders.errors.streetTooLong"),
  ),
  note: z.preprocess((v) => {
    const t = typeof v === "string" ? v.trim() : "";
    return t === "" ? null : t;
  }, z.string().max(500, "orders.errors.noteTooLong").nullable()),
  paymentMethod: z.enum(paymentMethods, "orders.errors.paymentMethodRequired"),
  /** The total the buyer saw; the order is refused if today's prices give another. */
  expectedTotalVnd: z.preprocess(
    (v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined),
    z.number().int().nonnegative().optional(),
  ),
});

export type CheckoutInput = z.infer<typeof checkoutSchema>;
