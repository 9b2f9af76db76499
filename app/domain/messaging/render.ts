import { type Locale, type Messages, translate } from "~/i18n";

/** Keys of the message texts in the `messages.templates` dictionary. */
export type MessageTemplate = keyof Messages["messages"]["templates"];
export type MessageParams = Record<string, string | number | null>;

export const messageTemplates = [
  "listingApproved",
  "listingChangesRequested",
  "listingRejected",
  "listingResubmitted",
  "certificateExpired",
  "certificateExpiring",
  "orderPlaced",
  "orderPaid",
  "orderShipped",
  "orderDelivered",
  "orderCancelled",
  "shipmentCancelled",
  "orderExpired",
  "orderRefunded",
  "orderReceived",
  "orderPaidSeller",
] as const satisfies readonly MessageTemplate[];

export function isMessageTemplate(value: string): value is MessageTemplate {
  return (messageTemplates as readonly string[]).includes(value);
}

/** A stored message in the reader's language; the text is rendered when shown, never stored. */
export function renderMessage(locale: Locale, template: string, params: MessageParams = {}): string {
  const clean: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) clean[key] = value ?? "";
  return translate(locale, `messages.templates.${template}`, clean);
}
