import type { Messages } from "../index";
import { accounts } from "./accounts";
import { admin } from "./admin";
import { batches } from "./batches";
import { catalog } from "./catalog";
import { common } from "./common";
import { errors } from "./errors";
import { fulfilment } from "./fulfilment";
import { home } from "./home";
import { labels } from "./labels";
import { manage } from "./manage";
import { messages } from "./messages";
import { orders } from "./orders";
import { payments } from "./payments";
import { review } from "./review";
import { scan } from "./scan";
import { trace } from "./trace";
import { validation } from "./validation";

export const en: Messages = {
  common,
  errors,
  validation,
  accounts,
  home,
  messages,
  payments,
  trace,
  review,
  manage,
  labels,
  admin,
  scan,
  catalog,
  batches,
  orders,
  fulfilment,
};
