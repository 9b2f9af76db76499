import type { Messages } from "../index";

export const messages: Messages["messages"] = {
  inboxTitle: "Messages",
  inboxEmpty: "No messages yet.",
  unread: "Unread",
  markRead: "Mark as read",
  templates: {
    listingApproved: "“{product}” has been approved and is now on sale on Chợ OCOP.",
    listingChangesRequested: "“{product}” needs changes before it can be approved. Reason: {reason}",
    listingRejected: "“{product}” was not approved. Reason: {reason}",
    listingResubmitted: "“{product}” has been sent again for review.",
    certificateExpired:
      "The OCOP certificate of “{product}” has expired. Its stars are hidden until a new certificate is approved.",
    certificateExpiring: "The OCOP certificate of “{product}” expires on {date}.",
    orderPlaced: "Chợ OCOP received your order {code} ({total}). See it here: {link}",
    orderPaid: "Order {code} is paid ({total}). The cooperative is preparing it. See it here: {link}",
    orderShipped:
      "Order {code}: {cooperative} has shipped it with {carrier}, tracking number {trackingNo}. {link}",
    orderDelivered: "Order {code}: the goods from {cooperative} have been delivered. Thank you! {link}",
    orderCancelled: "Order {code} has been cancelled. {reason} {link}",
    shipmentCancelled:
      "Order {code}: {cooperative} cancelled its part of your order. Reason: {reason}. {link}",
    orderExpired: "Order {code} was cancelled because it was not paid before its hold ran out. {link}",
    orderRefunded: "Order {code}: {amount} has been refunded to your card. {link}",
    orderReceived: "New order {code}. Open Orders to handle it.",
    orderPaidSeller: "Order {code} is paid: it can be packed and shipped.",
  },
};
