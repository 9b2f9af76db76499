import { accounts } from "./accounts";
import { common } from "./common";
import { errors } from "./errors";
import { home } from "./home";
import { labels } from "./labels";
import { manage } from "./manage";
import { messages } from "./messages";
import { trace } from "./trace";
import { validation } from "./validation";

export const vi = { common, errors, validation, accounts, home, messages, trace, labels, manage };
